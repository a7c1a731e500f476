#include "cpt/service/web_assets.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace cpt::service {

std::string_view content_type_for_path(std::string_view path) {
  auto ends = [&](std::string_view ext) { return path.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".json")) return "application/json";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

WebAssets WebAssets::embedded() {
  WebAssets out;
  for (const EmbeddedAsset& asset : embedded_assets()) {
    out.files_[std::string(asset.path)] =
        WebFile{std::string(asset.bytes), std::string(content_type_for_path(asset.path))};
  }
  return out;
}

Result<WebAssets> WebAssets::from_dir(const std::string& dir) {
  std::error_code ec;
  WebAssets out;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    // Built with insert: GCC 12 warns falsely (-Wrestrict) on "/" + string here.
    std::string path = entry.path().filename().string();
    path.insert(path.begin(), '/');
    out.files_[path] = WebFile{bytes.str(), std::string(content_type_for_path(path))};
  }
  if (ec) return fail(ErrorKind::io, "cannot list web dir " + dir + ": " + ec.message());
  if (out.files_.empty()) return fail(ErrorKind::io, "web dir " + dir + " holds no files");
  return out;
}

const WebFile* WebAssets::find(std::string_view path) const {
  if (path == "/") path = "/index.html";
  const auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace cpt::service
