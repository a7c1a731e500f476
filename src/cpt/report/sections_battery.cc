// The battery section: charge state, the state-of-health estimate with its method in words, and
// (Expert) the capacity figures and the manufacturer's own measurement.
#include <algorithm>
#include <cmath>

#include "cpt/report/battery_health.h"
#include "cpt/report/build_context.h"
#include "cpt/report/judgement.h"

namespace cpt::report {

namespace {

void add_charge_state(BuildContext& ctx, Section& section, const snapshot::Battery& b) {
  namespace f = fields;
  ctx.add(section, f::level, opt(b.level_pct));
  ctx.add(section, f::usable_level, opt(b.usable_level_pct));
  ctx.add(section, f::rated_range, opt(b.rated_range_km));
  ctx.add(section, f::estimated_range, opt(b.estimated_range_km));
  ctx.add(section, f::ideal_range, opt(b.ideal_range_km));
  ctx.add(section, f::range_at_full, opt(b.range_at_full_km()));
  const bool above_default = b.charge_limit_pct && b.default_charge_limit_pct &&
                             *b.charge_limit_pct > *b.default_charge_limit_pct;
  ctx.add(section, f::charge_limit, opt(b.charge_limit_pct),
          above_default ? Tone::warn : Tone::normal);
  ctx.add(section, f::default_charge_limit, opt(b.default_charge_limit_pct));
  ctx.add(section, f::charging_state, opt(b.charging_state));
  if (!b.level_pct) return;
  Chart gauge = ctx.chart("battery.level", ChartKind::gauge, Unit::none);
  gauge.points.push_back({"level", std::string(ctx.catalog().text(f::level.label_key())),
                          *b.level_pct, ctx.fmt().percent(*b.level_pct, 0)});
  if (b.charge_limit_pct) {
    gauge.points.push_back({"limit", std::string(ctx.catalog().text(f::charge_limit.label_key())),
                            *b.charge_limit_pct, ctx.fmt().percent(*b.charge_limit_pct, 0)});
  }
  section.charts.push_back(std::move(gauge));
}

// The published figures behind the band, the typical loss and the grade limits.
constexpr std::string_view kPublishedSources =
    "Geotab 2024, 1.8 %/yr: https://news.cvshow.com/evs/ev-battery-longevity-fears-laid-to-rest; "
    "Tesla Impact Report 2023 (Model 3/Y): "
    "https://www.thecooldown.com/green-business/tesla-battery-life-report-2023-improvement/; "
    "Tesla Impact Report 2022 (Model S/X): "
    "https://carbuzz.com/news/tesla-says-battery-degradation-is-only-12-after-200000-miles; "
    "VoltValue, drift per reading: https://voltvalue.app/tesla/methodology; "
    "BattGrade, grade limits: https://battgrade.com/legal/methodology";

std::string pct(const BuildContext& ctx, double value) {
  return ctx.fmt().percent(value, 0);
}

// The method in words: a short paragraph in every package, the full method in Expert.
void add_method(BuildContext& ctx, Section& section, const HealthEstimate& e) {
  const Catalog& c = ctx.catalog();
  const auto& id = *ctx.snap().identity.data;
  const auto& row = *e.original;
  const std::string unit = row.unit == "mi" ? "mi" : "km";
  const std::string published = ctx.fmt().number(row.published, 0) + " " + unit;
  section.notes.push_back(c.format(
      "battery.method_short",
      {{"range_full", ctx.display(fields::range_at_full, e.range_at_full_km)},
       {"cycle", row.cycle},
       {"rating", published},
       {"vehicle", std::to_string(row.model_year) + " " + row.model + " " + id.trim.value_or("")},
       {"low", pct(ctx, ctx.fmt().shown(e.low_pct, Unit::none, 0))},
       {"high", pct(ctx, ctx.fmt().shown(e.high_pct, Unit::none, 0))}}));
  if (e.other_model_year) {
    section.notes.push_back(c.format(
        "battery.method_other_year",
        {{"year", std::to_string(*id.model_year)}, {"row_year", std::to_string(row.model_year)}}));
  }
  section.notes.push_back(
      c.format("battery.method_typical",
               {{"age", ctx.fmt().number(e.age_years, 1)},
                {"distance", ctx.display(fields::odometer, e.odometer_km)},
                {"typical", pct(ctx, e.typical_pct)},
                {"tesla_loss", row.model == "Model S" || row.model == "Model X" ? "12" : "15"}}));
  if (ctx.package() != snapshot::Package::expert) return;
  section.notes.push_back(c.format("battery.method_band", {}));
  section.notes.push_back(c.format("battery.method_limits", {}));
  if (row.usable_kwh) {
    section.notes.push_back(
        c.format("battery.method_capacity", {{"usable", ctx.fmt().number(*row.usable_kwh, 1)}}));
  }
  section.notes.push_back(c.format("battery.method_source", {{"source", row.source}}));
  section.notes.push_back(c.format("battery.method_sources", {{"list", kPublishedSources}}));
}

// `measured`: the verdict on the manufacturer's own measurement, which speaks for the battery
// when there is one (the estimate then keeps its own tone beside it).
void add_estimate(BuildContext& ctx, Section& section, std::optional<Verdict> measured) {
  namespace f = fields;
  const auto e = estimate_health(ctx.snap(), ctx.generated_at());
  if (!e) {
    if (ctx.snap().battery.data) {
      section.notes.push_back(std::string(ctx.catalog().text("battery.no_estimate")));
    }
    if (measured) {
      ctx.add(section, f::battery_verdict, std::string(to_string(*measured)),
              verdict_tone(*measured));
    }
    return;
  }
  const Verdict own = health_verdict(ctx.fmt(), *e);
  const Verdict verdict = measured.value_or(own);
  ctx.add(section, f::soh_estimate, e->soh_pct, verdict_tone(own));
  ctx.add(section, f::soh_low, e->low_pct);
  ctx.add(section, f::soh_high, e->high_pct);
  ctx.add(section, f::soh_typical, e->typical_pct);
  ctx.add(section, f::battery_verdict, std::string(to_string(verdict)), verdict_tone(verdict));
  ctx.add(section, f::original_range, e->original->range_km);
  if (ctx.package() == snapshot::Package::expert) {
    ctx.add(section, f::original_range_basis,
            e->original->cycle + " " + std::to_string(e->original->model_year) + " " +
                e->original->model + " (" + e->original->market + ")");
    ctx.add(section, f::original_capacity, opt(e->original->usable_kwh));
    ctx.add(section, f::estimated_capacity, opt(e->estimated_capacity_kwh));
  }
  add_method(ctx, section, *e);
}

}  // namespace

Verdict health_verdict(const Formatter& fmt, const HealthEstimate& e) {
  const double shown = fmt.shown(e.soh_pct, Unit::none, fields::soh_estimate.decimals);
  Verdict verdict = soh_verdict(shown);
  // Well below what is typical for its age and distance, even at the top of the band.
  if (verdict == Verdict::good && e.high_pct < e.typical_pct - 5) verdict = Verdict::attention;
  return verdict;
}

void build_battery(BuildContext& ctx, Section& section) {
  namespace f = fields;
  if (const auto& b = ctx.snap().battery.data) {
    add_charge_state(ctx, section, *b);
    add_charging_detail(ctx, section, *b);
  }
  // The manufacturer's own measurement (Expert), judged like the estimate. A calibration can put
  // a new pack a little above 100 %: a share is shown within 0-100 %.
  const auto& h = ctx.snap().battery_health.data;
  std::optional<double> soh;
  std::optional<Verdict> measured;
  if (h && h->soh_pct) {
    soh = std::clamp(*h->soh_pct, 0.0, 100.0);
    measured = soh_verdict(ctx.fmt().shown(*soh, Unit::none, f::soh.decimals));
  }
  add_estimate(ctx, section, measured);
  if (h) {
    ctx.add(section, f::soh, opt(soh), measured ? verdict_tone(*measured) : Tone::normal);
    ctx.add(section, f::capacity, opt(h->capacity_kwh));
    ctx.add(section, f::soh_measured_at, opt(h->measured_at));
  }
  ctx.add_note(section, snapshot::ModuleId::battery_health);
}

}  // namespace cpt::report
