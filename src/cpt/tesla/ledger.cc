#include "cpt/tesla/ledger.h"

namespace cpt::tesla {

std::int64_t price_micros(Category category) {
  switch (category) {
    case Category::data:
      return 2'000;
    case Category::wake:
      return 20'000;
    case Category::command:
      return 1'000;
    case Category::specs:
      return 100'000;
    case Category::auth:
      return 0;
  }
  return 0;
}

bool is_billed(Category category, int status) {
  if (category == Category::auth || status <= 0 || status >= 500) return false;
  if (category == Category::specs) return status >= 200 && status < 300;
  return true;
}

std::string format_usd(std::int64_t micros) {
  const bool negative = micros < 0;
  const std::int64_t magnitude = negative ? -micros : micros;
  std::string fraction = std::to_string(magnitude % 1'000'000);
  fraction.insert(0, 6 - fraction.size(), '0');
  while (fraction.size() > 2 && fraction.back() == '0') fraction.pop_back();
  return std::string(negative ? "-$" : "$") + std::to_string(magnitude / 1'000'000) + "." +
         fraction;
}

void CallLedger::record(CallRecord record) {
  std::lock_guard lock(mutex_);
  records_.push_back(std::move(record));
}

std::vector<CallRecord> CallLedger::records() const {
  std::lock_guard lock(mutex_);
  return records_;
}

std::int64_t CallLedger::billed_micros() const {
  std::lock_guard lock(mutex_);
  std::int64_t total = 0;
  for (const auto& record : records_) total += record.billed ? record.price_micros : 0;
  return total;
}

int CallLedger::billed_calls() const {
  std::lock_guard lock(mutex_);
  int count = 0;
  for (const auto& record : records_) count += record.billed ? 1 : 0;
  return count;
}

std::map<std::string, int> CallLedger::billed_by_endpoint() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, int> counts;
  for (const auto& record : records_) {
    if (record.billed) ++counts[std::string(info(record.endpoint).name)];
  }
  return counts;
}

void CallLedger::clear() {
  std::lock_guard lock(mutex_);
  records_.clear();
}

Result<void> Budget::reserve(std::int64_t price) {
  std::lock_guard lock(mutex_);
  if (price > 0 && spent_ + reserved_ + price > limit_) {
    return fail(make_error(ErrorKind::budget_exceeded,
                           "budget " + format_usd(limit_) + " would be exceeded: spent " +
                               format_usd(spent_) + ", in flight " + format_usd(reserved_) +
                               ", next call " + format_usd(price))
                    .with("budget_micros", std::to_string(limit_))
                    .with("spent_micros", std::to_string(spent_)));
  }
  reserved_ += price;
  return {};
}

void Budget::settle(std::int64_t price, bool billed) {
  std::lock_guard lock(mutex_);
  reserved_ -= price;
  if (billed) spent_ += price;
}

std::int64_t Budget::spent() const {
  std::lock_guard lock(mutex_);
  return spent_;
}

std::int64_t Budget::remaining() const {
  std::lock_guard lock(mutex_);
  return limit_ - spent_ - reserved_;
}

std::int64_t price_of(const FetchPlan& plan) {
  std::int64_t total = 0;
  for (const auto& item : plan) total += price_micros(info(item.endpoint).category) * item.count;
  return total;
}

}  // namespace cpt::tesla
