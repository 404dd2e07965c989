// The read side's entry point: a pool of read-only Readers over one store file, the current data
// version, and the Catalog of that version. Thread-safe.
//
// Data version: a generation number that grows whenever another process (an ingest) has
// committed since the last check. Refresh() asks one dedicated connection for PRAGMA
// data_version (a read of the WAL index in shared memory, no disk I/O), so every request can
// call it and new days show without a restart.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/query/catalog.h"
#include "cryptoscope/query/reader.h"

namespace cryptoscope::query {

class Database {
 public:
  // Opens a first Reader to check the file (errors as Reader::Open).
  [[nodiscard]] static Result<std::unique_ptr<Database>> Open(std::filesystem::path path);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Checks for commits by other connections; returns the current generation (starts at 1).
  [[nodiscard]] Result<uint64_t> Refresh();
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  // The catalog of generation >= `generation`, loaded at most once per generation.
  [[nodiscard]] Result<std::shared_ptr<const Catalog>> CatalogFor(uint64_t generation);

  // A Reader for the calling thread until the Lease is destroyed. Opens a new connection when
  // none is free (the pool grows to the number of threads that query at once).
  class Lease {
   public:
    Lease(Database* owner, std::unique_ptr<Reader> reader)
        : owner_(owner), reader_(std::move(reader)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Reader& operator*() const { return *reader_; }
    Reader* operator->() const { return reader_.get(); }

   private:
    Database* owner_;
    std::unique_ptr<Reader> reader_;
  };
  [[nodiscard]] Result<Lease> Acquire();

 private:
  Database(std::filesystem::path path, std::unique_ptr<Reader> version_reader);

  const std::filesystem::path path_;
  std::mutex version_mutex_;  // Guards version_reader_ and last_data_version_.
  std::unique_ptr<Reader> version_reader_;
  int64_t last_data_version_ = 0;
  std::atomic<uint64_t> generation_{1};

  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Reader>> free_;

  std::mutex catalog_mutex_;  // Held while loading, so one thread loads and the others wait.
  std::shared_ptr<const Catalog> catalog_;
  uint64_t catalog_generation_ = 0;
};

}  // namespace cryptoscope::query
