#include "cpt/cli/report_output.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "cpt/report/renderers.h"
#include "cpt/report/time_zone.h"

namespace cpt::cli {
namespace {

// Folder names that never repeat: the shortest VIN suffix (from 4 characters) unique in the order.
std::vector<std::string> folder_names(const std::vector<snapshot::VehicleSnapshot>& snapshots) {
  for (std::size_t length = 4; length <= 17; ++length) {
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (const auto& s : snapshots) {
      const std::size_t n = std::min(length, s.vin.size());
      names.push_back("vehicle-" + s.vin.substr(s.vin.size() - n));
      seen.insert(names.back());
    }
    if (seen.size() == names.size()) return names;
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < snapshots.size(); ++i)
    names.push_back("vehicle-" + std::to_string(i));
  return names;
}

bool wants(const OutputOptions& options, std::string_view format) {
  return std::ranges::find(options.formats, format) != options.formats.end();
}

}  // namespace

Result<std::vector<std::string>> parse_formats(std::string_view list) {
  std::vector<std::string> formats;
  if (list == "all") {
    for (auto f : kReportFormats) formats.emplace_back(f);
    return formats;
  }
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view item = list.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      if (std::ranges::find(kReportFormats, item) == std::end(kReportFormats)) {
        return fail(ErrorKind::invalid_argument, "unknown report format",
                    "Unknown format '" + std::string(item) +
                        "'; choose from json, html, pdf, csv, zip (or all).");
      }
      if (std::ranges::find(formats, item) == formats.end()) formats.emplace_back(item);
    }
    start = comma + 1;
  }
  if (formats.empty()) {
    return fail(ErrorKind::invalid_argument, "no report format", "Name at least one format.");
  }
  return formats;
}

Result<std::optional<std::string>> parse_time_zone(std::string_view zone) {
  if (zone.empty()) return std::optional<std::string>();
  if (!report::is_known_time_zone(zone)) {
    return fail(ErrorKind::invalid_argument, "unknown time zone",
                "Unknown time zone '" + std::string(zone) +
                    "'; give an IANA name such as Europe/Helsinki or America/New_York.");
  }
  return std::optional<std::string>(zone);
}

Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return fail(ErrorKind::io, "cannot create " + path.parent_path().string());
  const auto temp = path.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return fail(ErrorKind::io, "cannot write " + temp);
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) return fail(ErrorKind::io, "cannot rename " + temp + ": " + ec.message());
  return {};
}

namespace {

// Writes one file and records it; the writer every file of write_reports goes through.
class FileSink {
 public:
  Result<void> put(const std::string& suffix, std::string_view format,
                   const std::filesystem::path& path, std::string_view bytes) {
    if (auto ok = write_file_atomic(path, bytes); !ok) return ok;
    written_.push_back({suffix, std::string(format), path, bytes.size()});
    return {};
  }
  std::vector<WrittenFile> take() { return std::move(written_); }

 private:
  std::vector<WrittenFile> written_;
};

// The files whose words depend on the language: report.json, report.html and report.pdf, or
// report.<tag>.json ... for an extra language.
Result<void> write_worded(const report::Report& rep, const OutputOptions& options,
                          const std::filesystem::path& dir, const std::string& suffix,
                          const std::string& tag, FileSink& sink) {
  const std::string stem = tag.empty() ? "report." : "report." + tag + ".";
  if (wants(options, "json")) {
    auto json = report::render_json(rep, options.signing_key);
    if (!json) return std::unexpected(json.error());
    if (auto ok = sink.put(suffix, "json", dir / (stem + "json"), *json); !ok) return ok;
  }
  if (wants(options, "html")) {
    if (auto ok = sink.put(suffix, "html", dir / (stem + "html"), report::render_html(rep)); !ok) {
      return ok;
    }
  }
  if (wants(options, "pdf")) {
    auto pdf = report::render_pdf(rep, options.signing_key);
    if (!pdf) return std::unexpected(pdf.error());
    if (auto ok = sink.put(suffix, "pdf", dir / (stem + "pdf"), *pdf); !ok) return ok;
  }
  return {};
}

report::Report build_in(const snapshot::VehicleSnapshot& snap, const OutputOptions& options,
                        report::Language language) {
  report::ReportOptions report_options(language);
  report_options.time_zone = options.time_zone;
  report::Report rep = report::build_report(snap, report_options);
  if (!options.verify_base_url.empty()) rep.verify_base_url = options.verify_base_url;
  return rep;
}

// The language-free files of one vehicle: charging.csv and invoices.zip.
Result<void> write_unworded(const report::Report& rep, const OutputOptions& options,
                            const std::filesystem::path& dir, const std::string& suffix,
                            FileSink& sink) {
  if (wants(options, "csv")) {
    if (auto ok = sink.put(suffix, "csv", dir / "charging.csv", report::render_csv(rep)); !ok) {
      return ok;
    }
  }
  if (wants(options, "zip")) {
    auto zip = report::render_invoice_zip(std::span<const report::Report>(&rep, 1));
    if (!zip) return std::unexpected(zip.error());
    if (auto ok = sink.put(suffix, "zip", dir / "invoices.zip", *zip); !ok) return ok;
  }
  return {};
}

}  // namespace

Result<std::vector<WrittenFile>> write_reports(
    const std::vector<snapshot::VehicleSnapshot>& snapshots, const OutputOptions& options) {
  FileSink sink;
  std::vector<report::Report> reports;
  const auto folders = folder_names(snapshots);
  for (std::size_t i = 0; i < snapshots.size(); ++i) {
    const auto& snap = snapshots[i];
    reports.push_back(build_in(snap, options, options.language));
    const auto dir = options.out_dir / folders[i];
    const std::string suffix = snap.vin.size() >= 4 ? snap.vin.substr(snap.vin.size() - 4) : "";
    if (auto ok = write_worded(reports.back(), options, dir, suffix, "", sink); !ok) {
      return std::unexpected(ok.error());
    }
    if (auto ok = write_unworded(reports.back(), options, dir, suffix, sink); !ok) {
      return std::unexpected(ok.error());
    }
    for (report::Language extra : options.extra_languages) {
      if (extra == options.language) continue;
      const std::string tag(report::to_string(extra));
      if (auto ok = write_worded(build_in(snap, options, extra), options, dir, suffix, tag, sink);
          !ok) {
        return std::unexpected(ok.error());
      }
    }
  }
  if (wants(options, "zip") && !reports.empty()) {
    auto zip = report::render_invoice_zip(reports);
    if (!zip) return std::unexpected(zip.error());
    if (auto ok = sink.put("", "zip", options.out_dir / "invoices.zip", *zip); !ok) {
      return std::unexpected(ok.error());
    }
  }
  return sink.take();
}

}  // namespace cpt::cli
