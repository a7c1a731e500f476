#include "cpt/service/web_assets.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

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
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    // Built with insert: GCC 12 warns falsely (-Wrestrict) on "/" + string here.
    std::string path = entry.path().lexically_relative(dir).generic_string();
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

namespace {

// A language tag's primary subtag as one of ours ("nb-NO" and "nn" are Norwegian).
std::optional<report::Language> language_of_tag(std::string_view tag) {
  std::string primary(tag.substr(0, tag.find_first_of("-_")));
  for (char& c : primary) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (primary == "nb" || primary == "nn") return report::Language::no;
  return report::parse_language(primary);
}

}  // namespace

report::Language preferred_language(std::string_view requested, std::string_view accept_language) {
  if (auto lang = language_of_tag(requested)) return *lang;
  std::size_t start = 0;
  while (start < accept_language.size()) {
    const std::size_t end = std::min(accept_language.find(',', start), accept_language.size());
    std::string_view entry = accept_language.substr(start, end - start);
    entry = entry.substr(0, entry.find(';'));
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
    if (auto lang = language_of_tag(entry)) return *lang;
    start = end + 1;
  }
  return report::Language::en;
}

std::optional<std::string> ui_text_json(const WebAssets& assets, report::Language language) {
  const std::string code(report::to_string(language));
  const WebFile* file = assets.find("/i18n/" + code + ".json");
  if (file == nullptr) return std::nullopt;
  nlohmann::json texts = nlohmann::json::parse(file->bytes, nullptr, false);
  if (!texts.is_object()) return std::nullopt;
  const nlohmann::json body = {{"language", code}, {"texts", std::move(texts)}};
  return body.dump();
}

}  // namespace cpt::service
