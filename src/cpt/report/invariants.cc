#include "cpt/report/invariants.h"

#include <atomic>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "cpt/report/judgement.h"
#include "cpt/report/report_query.h"

namespace cpt::report {

namespace in = invariant;

namespace {

std::atomic<BuildObserver> g_observer{nullptr};

class Checker {
 public:
  explicit Checker(const Report& report) : report_(report) {}

  void fail(std::string_view name, const Section& section, std::string detail) {
    out_.push_back({std::string(name), std::string(to_string(section.id)), std::move(detail)});
  }
  std::optional<double> number(const Cell& cell) const {
    return parse_displayed(cell.display, report_.region.language);
  }
  const Report& report() const { return report_; }
  std::vector<Violation> take() { return std::move(out_); }

 private:
  const Report& report_;
  std::vector<Violation> out_;
};

double as_double(const Value& value) {
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  return 0.0;
}

std::string code_of(const Cell& cell) {
  const auto* s = std::get_if<std::string>(&cell.value);
  return s ? *s : std::string();
}

// Every cell of a section: its fields and its table cells, with their definitions.
template <class Fn>
void each_cell(const Section& section, Fn&& fn) {
  for (const auto& field : section.fields) fn(*field.def, field.cell);
  for (const auto& table : section.tables) {
    for (const auto& row : table.rows) {
      for (std::size_t i = 0; i < row.size() && i < table.columns.size(); ++i) {
        fn(*table.columns[i].def, row[i]);
      }
    }
  }
}

void check_tyres(Checker& c, const Section& s) {
  const Table* t = find_table(s, "tyres.pressures");
  if (!t) return;
  const auto p = column_of(*t, fields::tyre_pressure), r = column_of(*t, fields::tyre_recommended),
             d = column_of(*t, fields::tyre_difference), st = column_of(*t, fields::tyre_status);
  if (!p || !r || !d || !st) return;
  for (const auto& row : t->rows) {
    const auto pressure = c.number(row[*p]), recommended = c.number(row[*r]),
               diff = c.number(row[*d]);
    const std::string code = code_of(row[*st]);
    const std::string shown = row[*p].display + " / " + row[*r].display + " / " + row[*d].display +
                              " / " + row[*st].display;
    if (pressure && recommended && diff &&
        std::abs(*pressure - *recommended - *diff) > 1e-6 * std::max(1.0, std::abs(*pressure))) {
      c.fail(in::kDifferenceOfDisplayed, s, shown);
    }
    if (row[*st].tone != tyre_tone(code)) c.fail(in::kStatusAgreesWithValue, s, shown + " (tone)");
    if (code == "soft_warning" || code == "hard_warning") continue;
    const std::string expected(tyre_code(false, false, diff, c.report().region.pressure));
    if (code != expected)
      c.fail(in::kStatusAgreesWithValue, s, shown + " (expected " + expected + ")");
  }
}

// The grade of a displayed state of health, or "attention" when the estimate sits well below
// what is typical (health_verdict()).
bool grade_agrees(Verdict grade, Verdict given) {
  return given == grade || (grade == Verdict::good && given == Verdict::attention);
}

Verdict verdict_of(const Cell& cell) {
  for (Verdict v : {Verdict::good, Verdict::attention, Verdict::problem}) {
    if (code_of(cell) == to_string(v)) return v;
  }
  return Verdict::unknown;
}

Verdict verdict_of_tone(Tone tone) {
  for (Verdict v : {Verdict::good, Verdict::attention, Verdict::problem}) {
    if (verdict_tone(v) == tone) return v;
  }
  return Verdict::unknown;
}

void check_battery(Checker& c, const Section& s) {
  const Field* estimate = find_field(s, fields::soh_estimate);
  const Field* verdict = find_field(s, fields::battery_verdict);
  // The manufacturer's measurement, when there is one, decides the verdict; the estimate keeps
  // its own tone beside it.
  if (const Field* measured = find_field(s, fields::soh); measured) {
    if (const auto v = c.number(measured->cell)) {
      const Verdict grade = soh_verdict(*v);
      if (measured->cell.tone != verdict_tone(grade) ||
          (verdict && verdict_of(verdict->cell) != grade)) {
        c.fail(in::kStatusAgreesWithValue, s,
               "measured " + measured->cell.display + " judged " +
                   (verdict ? verdict->cell.display : std::string(to_string(measured->cell.tone))));
      }
      verdict = nullptr;
    }
  }
  if (!estimate) return;
  if (s.notes.empty() || !find_field(s, fields::original_range) ||
      !find_field(s, fields::battery_verdict)) {
    c.fail(in::kNumberHasMethod, s, "estimate " + estimate->cell.display + " without its method");
    return;
  }
  const auto soh = c.number(estimate->cell);
  const Verdict grade = soh ? soh_verdict(*soh) : Verdict::unknown;
  const bool own = grade_agrees(grade, verdict_of_tone(estimate->cell.tone));
  const bool decided = !verdict || (grade_agrees(grade, verdict_of(verdict->cell)) &&
                                    verdict->cell.tone == estimate->cell.tone &&
                                    verdict->cell.tone == verdict_tone(verdict_of(verdict->cell)));
  if (!own || !decided) {
    c.fail(in::kStatusAgreesWithValue, s,
           estimate->cell.display + " judged " +
               (verdict ? verdict->cell.display : std::string(to_string(estimate->cell.tone))));
  }
  const Field* low = find_field(s, fields::soh_low);
  const Field* high = find_field(s, fields::soh_high);
  if (low && high && soh) {
    const auto lo = c.number(low->cell), hi = c.number(high->cell);
    if (!lo || !hi || *lo > *soh || *soh > *hi) {
      c.fail(in::kStatusAgreesWithValue, s,
             "band " + low->cell.display + "-" + high->cell.display + " around " +
                 estimate->cell.display);
    }
  }
}

void check_warranty(Checker& c, const Section& s, const Section* condition) {
  const Table* t = find_table(s, "warranty.items");
  if (!t) return;
  const auto st = column_of(*t, fields::warranty_state),
             ex = column_of(*t, fields::warranty_expires),
             lim = column_of(*t, fields::warranty_distance),
             days = column_of(*t, fields::warranty_time_left),
             dist = column_of(*t, fields::warranty_distance_left);
  if (!st || !ex || !lim || !days || !dist) return;
  const Field* odo = condition ? find_field(*condition, fields::odometer) : nullptr;
  const auto odometer = odo ? c.number(odo->cell) : std::nullopt;
  const Timestamp& date = c.report().header.generated_at;
  for (const auto& row : t->rows) {
    const std::string code = code_of(row[*st]);
    const std::string shown = row[*st].display + ", expires " + row[*ex].display + " / " +
                              row[*lim].display + ", report " + c.report().header.generated_display;
    const auto* expires = std::get_if<Timestamp>(&row[*ex].value);
    const auto limit = c.number(row[*lim]);
    if (code == "expired") {
      if (!std::holds_alternative<std::monostate>(row[*days].value) ||
          !std::holds_alternative<std::monostate>(row[*dist].value)) {
        c.fail(in::kDatesAgreeWithReportDate, s, shown + ": expired with time or distance left");
      }
      continue;
    }
    if (expires && expires->utc <= date.utc) c.fail(in::kDatesAgreeWithReportDate, s, shown);
    if (limit && odometer && *odometer >= *limit) {
      c.fail(in::kDatesAgreeWithReportDate, s, shown + ", odometer " + odo->cell.display);
    }
    if (expires) {
      const auto* left = std::get_if<std::int64_t>(&row[*days].value);
      if (!left || *left != days_left(*expires, date)) {
        c.fail(in::kDatesAgreeWithReportDate, s, shown + ", days left " + row[*days].display);
      }
    }
  }
}

double money_sum(const Table& t, std::size_t column, const std::string& currency) {
  double sum = 0;
  for (const auto& row : t.rows) {
    if (const auto* m = std::get_if<Money>(&row[column].value); m && m->currency == currency) {
      sum += static_cast<double>(m->minor);
    }
  }
  return sum;
}

bool near(double a, double b) {
  return std::abs(a - b) <= 1e-6 * std::max(1.0, std::max(std::abs(a), std::abs(b)));
}

void check_charging(Checker& c, const Section& s) {
  const Table* sessions = find_table(s, "charging.sessions");
  const Field* count = find_field(s, fields::session_count);
  if (!sessions) return;
  const auto energy_col = column_of(*sessions, fields::energy);
  const auto total_col = column_of(*sessions, fields::total);
  double energy = 0, dated_energy = 0;
  const auto start_col = column_of(*sessions, fields::session_start);
  for (const auto& row : sessions->rows) {
    const double kwh = energy_col ? as_double(row[*energy_col].value) : 0.0;
    energy += kwh;
    if (start_col && std::holds_alternative<Timestamp>(row[*start_col].value)) dated_energy += kwh;
  }
  const double rows = static_cast<double>(sessions->rows.size());
  if (count && !near(as_double(count->cell.value), rows)) {
    c.fail(in::kCountEqualsRows, s,
           count->cell.display + " sessions, " + std::to_string(sessions->rows.size()) + " rows");
  }
  if (const Field* total = find_field(s, fields::total_energy);
      total && !near(as_double(total->cell.value), energy)) {
    c.fail(in::kTotalsEqualRows, s, "total energy " + total->cell.display);
  }
  for (const char* id : {"charging.by_site", "charging.by_country", "charging.totals"}) {
    const Table* t = find_table(s, id);
    const auto n = t ? column_of(*t, fields::sessions) : std::nullopt;
    if (!t || !n) continue;
    double sum = 0;
    for (const auto& row : t->rows) sum += as_double(row[*n].value);
    // Totals by currency leave out sessions without a fee; the others count every session.
    const bool all = std::string_view(id) != "charging.totals";
    if ((all && !near(sum, rows)) || (!all && sum > rows)) {
      c.fail(in::kTotalsEqualRows, s, std::string(id) + " counts " + std::to_string(sum));
    }
    const auto cur = column_of(*t, fields::currency), tot = column_of(*t, fields::total);
    if (all || !cur || !tot || !total_col) continue;
    for (const auto& row : t->rows) {
      const std::string currency = code_of(row[*cur]);
      const auto* m = std::get_if<Money>(&row[*tot].value);
      if (m && !near(static_cast<double>(m->minor), money_sum(*sessions, *total_col, currency))) {
        c.fail(in::kTotalsEqualRows, s, currency + " total " + row[*tot].display);
      }
    }
  }
  for (const auto& chart : s.charts) {
    if (chart.id != "charging.monthly_energy") continue;
    double sum = 0;
    for (const auto& p : chart.points) sum += p.value;
    if (!near(sum, dated_energy))
      c.fail(in::kTotalsEqualRows, s, "monthly chart sums to " + std::to_string(sum));
  }
}

void check_alerts(Checker& c, const Section& s) {
  const Field* count = find_field(s, fields::alert_count);
  const Table* t = find_table(s, "alerts.timeline");
  const double rows = t ? static_cast<double>(t->rows.size()) : 0.0;
  if ((count && !near(as_double(count->cell.value), rows)) || (!count && rows > 0)) {
    c.fail(in::kCountEqualsRows, s,
           (count ? count->cell.display : std::string("no count")) + " alerts, " +
               std::to_string(static_cast<int>(rows)) + " rows");
  }
}

void check_cells(Checker& c, const Section& s, std::map<int, std::set<std::string>>& units) {
  each_cell(s, [&](const FieldDef& def, const Cell& cell) {
    if (def.type == FieldType::cost) c.fail(in::kNoOperatorFigures, s, std::string(def.key));
    if (def.type == FieldType::percent && !std::holds_alternative<std::monostate>(cell.value)) {
      const auto v = c.number(cell);
      if (!v || *v < 0 || *v > 100)
        c.fail(in::kSharesWithinRange, s, std::string(def.key) + " " + cell.display);
    }
    if (def.type == FieldType::quantity && !std::holds_alternative<std::monostate>(cell.value)) {
      const Unit kind = def.unit == Unit::pressure_delta ? Unit::pressure : def.unit;
      if (kind == Unit::distance || kind == Unit::temperature || kind == Unit::pressure) {
        std::string symbol;
        const std::string_view text = cell.display;
        for (std::size_t i = 0; i < text.size(); ++i) {
          if (text.substr(i).starts_with("\u00b0")) symbol += "\u00b0";  // the degree sign
          if (std::isalpha(static_cast<unsigned char>(text[i]))) symbol += text[i];
        }
        // A plural form is the same unit ("1 bar", "3 bars" in French).
        if (symbol.size() >= 4 && symbol.back() == 's') symbol.pop_back();
        units[static_cast<int>(kind)].insert(symbol);
      }
    }
    if (def.key == fields::equipment_price.key) {
      const auto* m = std::get_if<Money>(&cell.value);
      if (m && m->minor == 0 && cell.display.find_first_of("0123456789") != std::string::npos) {
        c.fail(in::kStandardEquipmentUnpriced, s, cell.display);
      }
    }
    if (def.key == fields::vin.key && cell.display != c.report().header.vin) {
      c.fail(in::kOneVinForm, s, cell.display + " vs " + c.report().header.vin);
    }
  });
  auto operator_text = [&](const std::string& text) {
    if (text.find("HTTP ") != std::string::npos) c.fail(in::kNoOperatorFigures, s, text);
  };
  operator_text(s.status.message);
  for (const auto& note : s.notes) operator_text(note);
}

void check_summary(Checker& c, const Section& s) {
  const Section* condition = c.report().section(SectionId::condition);
  const Field* odo = find_field(s, fields::odometer);
  const Field* source = condition ? find_field(*condition, fields::odometer) : nullptr;
  if ((odo == nullptr) != (source == nullptr) ||
      (odo && odo->cell.display != source->cell.display)) {
    c.fail(in::kSummaryAgrees, s,
           "odometer " + (odo ? odo->cell.display : "-") + " vs " +
               (source ? source->cell.display : "-"));
  }
  const Table* t = find_table(s, "summary.verdicts");
  const Section* battery = c.report().section(SectionId::battery);
  const Field* verdict = battery ? find_field(*battery, fields::battery_verdict) : nullptr;
  if (!t) return;
  const auto area = column_of(*t, fields::verdict_area), v = column_of(*t, fields::verdict);
  for (const auto& row : t->rows) {
    if (row[*v].tone != verdict_tone([&] {
          for (Verdict x : {Verdict::good, Verdict::attention, Verdict::problem}) {
            if (code_of(row[*v]) == to_string(x)) return x;
          }
          return Verdict::unknown;
        }())) {
      c.fail(in::kStatusAgreesWithValue, s, row[*area].display + ": " + row[*v].display + " tone");
    }
    if (code_of(row[*area]) == "battery" && verdict && code_of(row[*v]) != code_of(verdict->cell)) {
      c.fail(in::kSummaryAgrees, s, "battery " + row[*v].display + " vs " + verdict->cell.display);
    }
  }
}

}  // namespace

std::string Violation::describe() const {
  return invariant + " in " + section + ": " + detail;
}

std::vector<Violation> check_invariants(const Report& report) {
  Checker c(report);
  std::map<int, std::set<std::string>> units;
  for (const auto& s : report.sections) {
    check_cells(c, s, units);
    switch (s.id) {
      case SectionId::summary:
        check_summary(c, s);
        break;
      case SectionId::battery:
        check_battery(c, s);
        break;
      case SectionId::charging:
        check_charging(c, s);
        if (find_field(s, fields::fast_share) && s.notes.empty()) {
          c.fail(in::kNumberHasMethod, s, "fast-charging share without its method");
        }
        break;
      case SectionId::tyres:
        check_tyres(c, s);
        break;
      case SectionId::alerts:
        check_alerts(c, s);
        break;
      case SectionId::warranty:
        check_warranty(c, s, report.section(SectionId::condition));
        break;
      default:
        break;
    }
  }
  for (const auto& [kind, symbols] : units) {
    if (symbols.size() <= 1) continue;
    std::string list;
    for (const auto& symbol : symbols) list += (list.empty() ? "" : ", ") + symbol;
    c.fail(in::kOneUnitPerKind, report.sections.front(), "units " + list);
  }
  return c.take();
}

std::optional<double> parse_displayed(std::string_view text, Language language) {
  const char decimal = language == Language::en ? '.' : ',';
  std::string digits;
  bool negative = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch >= '0' && ch <= '9') {
      digits += ch;
    } else if (ch == decimal && !digits.empty()) {
      digits += '.';
    } else if (digits.empty() && (ch == '-' || text.substr(i).starts_with("\u2212"))) {
      negative = true;
    }
  }
  if (digits.empty()) return std::nullopt;
  const double value = std::strtod(digits.c_str(), nullptr);
  return negative ? -value : value;
}

void set_build_observer(BuildObserver observer) {
  g_observer.store(observer);
}

void notify_built(const Report& report) {
  if (const BuildObserver observer = g_observer.load()) observer(report);
}

}  // namespace cpt::report
