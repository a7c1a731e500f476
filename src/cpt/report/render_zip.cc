// The ZIP renderer (libzip, in memory): invoice PDFs in VIN folders plus an index.
#include <zip.h>

#include <chrono>
#include <map>
#include <memory>
#include <set>

#include "cpt/report/render_common.h"
#include "cpt/report/renderers.h"

namespace cpt::report {
namespace {

// A path component from provider text: only [A-Za-z0-9._-], no leading dots, never empty, so no
// name can climb out of its folder or collide with the index.
std::string safe_component(std::string_view text, std::string_view fallback) {
  std::string out;
  for (char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  return out.empty() ? std::string(fallback) : out;
}

std::string unique_pdf_name(std::string name, std::set<std::string>& taken) {
  if (name.size() < 4 || name.substr(name.size() - 4) != ".pdf") name += ".pdf";
  std::string candidate = name;
  for (int n = 2; taken.contains(candidate); ++n) {
    candidate = name.substr(0, name.size() - 4) + "-" + std::to_string(n) + ".pdf";
  }
  taken.insert(candidate);
  return candidate;
}

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};

Result<void> add_entry(zip_t* archive, const std::string& name, std::string_view bytes,
                       std::time_t mtime) {
  zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
  if (!source) return fail(ErrorKind::internal, "zip: cannot create source");
  const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    return fail(ErrorKind::internal, "zip: cannot add " + name);
  }
  zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), mtime, 0);
  return {};
}

Result<std::string> read_all(zip_source_t* source) {
  if (zip_source_open(source) < 0) return fail(ErrorKind::internal, "zip: cannot reopen");
  zip_source_seek(source, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(source);
  zip_source_seek(source, 0, SEEK_SET);
  std::string bytes(static_cast<std::size_t>(std::max<zip_int64_t>(size, 0)), '\0');
  const zip_int64_t read = zip_source_read(source, bytes.data(), bytes.size());
  zip_source_close(source);
  if (read != size) return fail(ErrorKind::internal, "zip: short read");
  return bytes;
}

}  // namespace

Result<std::string> render_invoice_zip(std::span<const Report> reports) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) return fail(ErrorKind::internal, "zip: cannot create buffer");
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(buffer, ZIP_TRUNCATE, &error));
  if (!archive) {
    zip_source_free(buffer);
    return fail(ErrorKind::internal, "zip: cannot open archive");
  }
  zip_source_keep(buffer);  // the archive's close must not free the bytes we read afterwards

  std::string index = "vin,session_id,file,status,sha256\r\n";
  std::time_t newest = 0;
  std::map<std::string, std::set<std::string>> taken;
  for (const auto& report : reports) {
    const std::time_t mtime = static_cast<std::time_t>(report.header.generated_at.epoch_seconds());
    newest = std::max(newest, mtime);
    for (const auto& invoice : report.invoices) {
      const std::string folder =
          safe_component(invoice.vin.empty() ? report.header.vin : invoice.vin, "unknown-vin");
      const std::string path =
          folder + "/" +
          unique_pdf_name(safe_component(invoice.file_name, "invoice"), taken[folder]);
      if (invoice.bytes) {
        if (auto ok = add_entry(archive.get(), path, *invoice.bytes, mtime); !ok) {
          zip_source_free(buffer);
          return fail(ok.error());
        }
      }
      for (std::string_view field : {std::string_view(folder), std::string_view(invoice.session_id),
                                     std::string_view(path)}) {
        append_csv_field(index, field);
        index += ',';
      }
      index += invoice.bytes ? "included," : "missing,";
      if (invoice.bytes) index += sha256_hex(*invoice.bytes);
      index += "\r\n";
    }
  }
  if (auto ok = add_entry(archive.get(), "index.csv", index, newest); !ok) {
    zip_source_free(buffer);
    return fail(ok.error());
  }
  if (zip_close(archive.get()) < 0) {
    zip_source_free(buffer);
    return fail(ErrorKind::internal, "zip: cannot write archive");
  }
  archive.release();  // zip_close freed it
  auto bytes = read_all(buffer);
  zip_source_free(buffer);
  return bytes;
}

}  // namespace cpt::report
