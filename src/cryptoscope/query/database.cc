#include "cryptoscope/query/database.h"

#include <utility>

namespace cryptoscope::query {

Database::Database(std::filesystem::path path, std::unique_ptr<Reader> version_reader)
    : path_(std::move(path)), version_reader_(std::move(version_reader)) {}

Result<std::unique_ptr<Database>> Database::Open(std::filesystem::path path) {
  auto reader = Reader::Open(path);
  if (!reader) return tl::unexpected(std::move(reader.error()));
  auto version = (*reader)->DataVersion();
  if (!version) return tl::unexpected(std::move(version.error()));
  std::unique_ptr<Database> db(new Database(std::move(path), std::move(*reader)));
  db->last_data_version_ = *version;
  return db;
}

Result<uint64_t> Database::Refresh() {
  std::lock_guard lock(version_mutex_);
  auto version = version_reader_->DataVersion();
  if (!version) return tl::unexpected(std::move(version.error()));
  if (*version != last_data_version_) {
    last_data_version_ = *version;
    generation_.fetch_add(1, std::memory_order_acq_rel);
  }
  return generation_.load(std::memory_order_acquire);
}

Result<std::shared_ptr<const Catalog>> Database::CatalogFor(uint64_t generation) {
  std::lock_guard lock(catalog_mutex_);
  if (catalog_ && catalog_generation_ >= generation) return catalog_;
  auto reader = Acquire();
  if (!reader) return tl::unexpected(std::move(reader.error()));
  static const std::vector<SymbolSummary> kNone;
  auto summaries = (*reader)->Summaries(catalog_ ? catalog_->coins : kNone);
  if (!summaries) return tl::unexpected(std::move(summaries.error()));
  catalog_ = std::make_shared<const Catalog>(BuildCatalog(std::move(*summaries)));
  catalog_generation_ = generation;
  return catalog_;
}

Result<Database::Lease> Database::Acquire() {
  {
    std::lock_guard lock(pool_mutex_);
    if (!free_.empty()) {
      auto reader = std::move(free_.back());
      free_.pop_back();
      return Lease(this, std::move(reader));
    }
  }
  auto reader = Reader::Open(path_);
  if (!reader) return tl::unexpected(std::move(reader.error()));
  return Lease(this, std::move(*reader));
}

Database::Lease::~Lease() {
  if (!reader_) return;  // Moved from.
  std::lock_guard lock(owner_->pool_mutex_);
  owner_->free_.push_back(std::move(reader_));
}

}  // namespace cryptoscope::query
