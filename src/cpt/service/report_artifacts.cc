#include "cpt/service/report_artifacts.h"

#include "cpt/report/renderers.h"
#include "cpt/report/report_model.h"

namespace cpt::service {

std::string_view content_type_of(std::string_view format) {
  if (format == "json") return "application/json";
  if (format == "html") return "text/html; charset=utf-8";
  if (format == "pdf") return "application/pdf";
  if (format == "csv") return "text/csv; charset=utf-8";
  if (format == "invoices.zip") return "application/zip";
  return "application/octet-stream";
}

namespace {

Result<std::vector<store::Artifact>> render_vehicle(const report::Report& model,
                                                    const std::string& vin,
                                                    const report::SigningKey* key) {
  std::vector<store::Artifact> out;
  auto add = [&](std::string format, std::string bytes) {
    out.push_back({vin, format, std::string(content_type_of(format)), std::move(bytes)});
  };
  auto json = report::render_json(model, key);
  if (!json) return fail(std::move(json.error()));
  add("json", std::move(*json));
  add("html", report::render_html(model));
  auto pdf = report::render_pdf(model, key);
  if (!pdf) return fail(std::move(pdf.error()));
  add("pdf", std::move(*pdf));
  add("csv", report::render_csv(model));
  auto zip = report::render_invoice_zip(std::span<const report::Report>(&model, 1));
  if (!zip) return fail(std::move(zip.error()));
  add("invoices.zip", std::move(*zip));
  return out;
}

}  // namespace

ArtifactRenderer report_artifact_renderer(std::shared_ptr<const report::SigningKey> key,
                                          std::function<std::string()> verify_base) {
  return [key, verify_base](
             std::span<const snapshot::VehicleSnapshot> snapshots, report::Language language,
             const std::optional<std::string>& time_zone) -> Result<std::vector<store::Artifact>> {
    std::vector<report::Report> models;
    std::vector<store::Artifact> out;
    const std::string base = verify_base ? verify_base() : std::string();
    for (const snapshot::VehicleSnapshot& snapshot : snapshots) {
      report::ReportOptions options;
      options.language = language;
      options.time_zone = time_zone;
      models.push_back(report::build_report(snapshot, options));
      if (!base.empty()) models.back().verify_base_url = base;
      auto files = render_vehicle(models.back(), snapshot.vin, key.get());
      if (!files) return fail(std::move(files.error()));
      std::move(files->begin(), files->end(), std::back_inserter(out));
    }
    auto zip = report::render_invoice_zip(models);
    if (!zip) return fail(std::move(zip.error()));
    out.push_back(
        {"", "invoices.zip", std::string(content_type_of("invoices.zip")), std::move(*zip)});
    return out;
  };
}

}  // namespace cpt::service
