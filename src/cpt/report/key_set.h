// The published report-signing key set: every key the service has signed reports with, each with
// its id and the period it signed in, so keys can rotate and old reports stay verifiable. Served
// at /.well-known/cpt/report-signing-keys.json and read by `cpt verify --keys`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/core/time.h"
#include "cpt/report/signing.h"

namespace cpt::report {

// One key and the period in which it signed reports (bounds inclusive; absent = open). Value type.
struct PublishedKey {
  VerifyKey key;
  std::optional<Timestamp> not_before;
  std::optional<Timestamp> not_after;  // absent while it is the current key

  // Whether a report generated at `when` may carry this key's signature.
  bool valid_at(const Timestamp& when) const;
};

// The set, in publication order. Immutable once built; thread-safe to read.
class KeySet {
 public:
  // {"keys": [{"key_id", "algorithm", "public_key" (PEM), "not_before", "not_after"}]}; every
  // key id must match its public key. invalid_argument naming the entry that does not parse.
  static Result<KeySet> from_json(std::string_view text);
  std::string to_json() const;

  // Adds a key; a key already in the set (same id) is replaced.
  void add(PublishedKey key);
  const PublishedKey* find(std::string_view key_id) const;
  const std::vector<PublishedKey>& keys() const { return keys_; }
  bool empty() const { return keys_.empty(); }

 private:
  std::vector<PublishedKey> keys_;
};

}  // namespace cpt::report
