#include "cryptoscope/pipeline/cc_plan.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <optional>

#include "cryptoscope/fetch/cc_ceilings.h"
#include "cryptoscope/fetch/url.h"
#include "cryptoscope/parse/cryptocompare_rate_limit.h"

namespace cryptoscope::pipeline {
namespace {

void Apply(const Config& config, fetch::CryptoComparePolicy& policy,
           const std::optional<parse::CcRateLimitStatus>& plan, std::string& described,
           std::string_view why_not) {
  const fetch::CcCeilings ceilings =
      fetch::ChooseCcCeilings(config.cryptocompare_limits, config.cryptocompare_limits_set, plan);
  policy.SetLimits(ceilings.limits, ceilings.origin[3] == fetch::CeilingOrigin::kPlan,
                   ceilings.origin[4] == fetch::CeilingOrigin::kPlan);
  described = fetch::DescribeCcCeilings(ceilings);
  if (!why_not.empty()) described += fmt::format("; the plan is unknown: {}", why_not);
  spdlog::info("cryptocompare ceilings: {}", described);
}

}  // namespace

void SubmitPlanQuery(fetch::Engine& engine, const Config& config,
                     fetch::CryptoComparePolicy& policy, std::string& described) {
  described = fetch::DescribeCcCeilings(fetch::ChooseCcCeilings(
      config.cryptocompare_limits, config.cryptocompare_limits_set, std::nullopt));
  engine.Submit(
      fetch::Request{fetch::Host::kCryptoCompare,
                     fetch::JoinUrl(config.cryptocompare_base_url, "/stats/rate/limit"), 1,
                     "cryptocompare rate limit"},
      [&config, &policy, &described](fetch::Response& response) -> Status {
        auto plan = parse::ParseCcRateLimit(response.body);
        // A body we cannot read is no reason to ask again: the configured ceilings are safe.
        if (!plan) {
          Apply(config, policy, std::nullopt, described, plan.error().message);
        } else {
          Apply(config, policy, *plan, described, "");
        }
        return {};
      },
      [&config, &policy, &described](const Error& error) {
        Apply(config, policy, std::nullopt, described, error.message);
      });
}

}  // namespace cryptoscope::pipeline
