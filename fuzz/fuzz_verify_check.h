// Oracles for the report verification targets: a verdict is internally consistent whatever the
// bytes, and a report can never verify against a key that signed nothing.
#pragma once

#include <string_view>

#include "cpt/report/key_set.h"
#include "cpt/report/signing.h"
#include "cpt/report/verify.h"
#include "fuzz_check.h"

namespace cpt::fuzz {

// A key generated once per process: it never signed anything the fuzzer could have seen.
inline const report::VerifyKey& stranger_key() {
  static const report::SigningKey key = *report::SigningKey::generate();
  return key.public_key();
}

// The published key set the service's verify page would hold: the key that signed the seeds
// (fuzz/make_report_seeds.py), valid from 2026-01-01, so mutated dates reach expired_key.
inline const report::KeySet& seed_key_set() {
  static const report::KeySet keys = *report::KeySet::from_json(R"({"keys": [{
    "key_id": "6db459324557ec52", "algorithm": "ECDSA-P256-SHA256",
    "public_key": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE5wG7VdA5Fz6dpB8lwdlityFzMsWB\n8Jw2xAigPBWkYpqlanijMcU4cMQZEgsd1E9J2rR7YBMrzb/gEJGlHqfKrQ==\n-----END PUBLIC KEY-----\n",
    "not_before": "2026-01-01T00:00:00Z"}]})");
  return keys;
}

inline void check_verdict(const report::Verification& v) {
  check(v.valid == (v.authenticity == report::Authenticity::genuine));
  check(!v.reason.empty());
  if (!v.valid) return;
  check(is_hex(v.canonical_sha256, 64));
  check(v.facts.vin_suffix.size() <= 4);
  check(!v.key_id.empty());
}

// Verifies `bytes` unpinned and pinned to a stranger's key: the pinned verdict is never genuine,
// and a file the unpinned check rejects as altered stays rejected when pinned.
inline void check_verifications(std::string_view bytes) {
  const report::Verification open = report::verify_report(bytes, nullptr);
  check_verdict(open);
  const report::Verification pinned = report::verify_report(bytes, &stranger_key());
  check_verdict(pinned);
  check(!pinned.valid);
  check(open.format == pinned.format);
  if (open.authenticity == report::Authenticity::unreadable) {
    check(pinned.authenticity == report::Authenticity::unreadable);
  }
  // The verify page's check: never genuine where the report's own key fails, and a file that is
  // altered, unsigned or unreadable is that whatever key set the page holds.
  const report::Verification published = report::verify_report(bytes, seed_key_set());
  check_verdict(published);
  if (published.valid) check(open.valid);
  if (!open.valid && open.authenticity != report::Authenticity::unknown_key &&
      open.authenticity != report::Authenticity::expired_key) {
    check(published.authenticity == open.authenticity);
  }
}

}  // namespace cpt::fuzz
