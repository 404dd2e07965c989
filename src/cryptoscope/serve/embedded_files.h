// Files compiled into the binary at build time (cmake/embed_files.cmake): every file under web/
// as "web/<relative path>", and the OpenAPI document as "openapi.json".
#pragma once

#include <span>
#include <string_view>

namespace cryptoscope::serve {

struct EmbeddedFile {
  std::string_view name;
  std::string_view data;
};

std::span<const EmbeddedFile> EmbeddedFiles();  // Defined in the generated embedded_files.cc.
const EmbeddedFile* FindEmbeddedFile(std::string_view name);  // nullptr when absent.

}  // namespace cryptoscope::serve
