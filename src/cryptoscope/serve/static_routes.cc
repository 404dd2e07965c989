// The web page and the OpenAPI document, served from the files embedded at build time. Only
// embedded names are reachable: nothing on the disk is ever opened.
#include <array>

#include "cryptoscope/serve/embedded_files.h"
#include "cryptoscope/serve/routes.h"

namespace cryptoscope::serve {

const EmbeddedFile* FindEmbeddedFile(std::string_view name) {
  for (const auto& file : EmbeddedFiles()) {
    if (file.name == name) return &file;
  }
  return nullptr;
}

namespace {

std::string_view ContentTypeOf(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".webp", "image/webp"},
      {".md", "text/markdown; charset=utf-8"},
  }};
  for (const auto& [extension, type] : kTypes) {
    if (name.size() >= extension.size() &&
        name.substr(name.size() - extension.size()) == extension) {
      return type;
    }
  }
  return "application/octet-stream";
}

Reply FileReply(std::string_view name, Freshness freshness) {
  const EmbeddedFile* file = FindEmbeddedFile(name);
  if (file == nullptr) return ErrorReply(404, "no such file");
  Reply reply;
  reply.content_type = std::string(ContentTypeOf(name));
  reply.body = std::string(file->data);
  reply.freshness = freshness;
  return reply;
}

}  // namespace

void AddStaticRoutes(Router& router) {
  router.Get("/", [](const Request&, Context&) {
    return FileReply("web/index.html", Freshness::kRevalidate);
  });
  router.Get("/assets/**", [](const Request& req, Context&) {
    return FileReply("web/" + req.captures.back(), Freshness::kRevalidate);
  });
  router.Get("/api/v1/openapi.json", [](const Request&, Context&) {
    return FileReply("openapi.json", Freshness::kRevalidate);
  });
}

}  // namespace cryptoscope::serve
