#include "app/login_throttle.h"

#include <algorithm>

namespace helsekrav::app {
namespace {

constexpr std::size_t kMaxTrackedEntries = 100000;

std::int64_t WindowSeconds() { return std::chrono::seconds(kLoginWindow).count(); }

std::string PairKey(const std::string& account, const std::string& client) {
  return account + '\n' + client;
}

// "om 1 sekund", "om 8 sekunder", "om 3 minutter".
std::string WaitText(std::int64_t seconds) {
  if (seconds < 60) {
    return "om " + std::to_string(seconds) + (seconds == 1 ? " sekund" : " sekunder");
  }
  const std::int64_t minutes = (seconds + 59) / 60;
  return "om " + std::to_string(minutes) + (minutes == 1 ? " minutt" : " minutter");
}

Status TooMany(std::int64_t wait) {
  return Status::RateLimited("For mange mislykkede innlogginger. Prøv igjen " +
                             WaitText(std::max<std::int64_t>(wait, 1)) + ".");
}

}  // namespace

std::int64_t LoginThrottle::Delay(int failures) {
  if (failures < kFreeLoginFailures) return 0;
  const std::int64_t cap = std::chrono::seconds(kMaxLoginDelay).count();
  const int doublings = failures - kFreeLoginFailures;
  if (doublings >= 30) return cap;
  return std::min<std::int64_t>(std::int64_t{1} << doublings, cap);
}

void LoginThrottle::Prune(std::int64_t now) {
  const std::int64_t window = WindowSeconds();
  if (pairs_.size() > kMaxTrackedEntries) {
    std::erase_if(pairs_, [&](const auto& entry) {
      return entry.second.last + Delay(entry.second.failures) + window <= now;
    });
  }
  if (clients_.size() > kMaxTrackedEntries) {
    std::erase_if(clients_, [&](const auto& entry) {
      return entry.second.empty() || entry.second.back() <= now - window;
    });
  }
}

Status LoginThrottle::Attempt(const std::string& account, const std::string& client,
                              std::int64_t now) {
  std::lock_guard lock(mu_);
  const std::int64_t window = WindowSeconds();
  if (!client.empty()) {
    auto it = clients_.find(client);
    if (it != clients_.end()) {
      std::erase_if(it->second, [&](std::int64_t t) { return t <= now - window || t > now; });
      if (static_cast<int>(it->second.size()) >= kMaxLoginFailuresPerClient) {
        return TooMany(it->second.front() + window - now);
      }
    }
  }
  const std::string key = PairKey(account, client);
  auto pair = pairs_.find(key);
  if (pair != pairs_.end()) {
    Pair& p = pair->second;
    // Forgotten after a quiet window once the delay is over.
    if (p.last + Delay(p.failures) + window <= now || p.last > now) {
      p = Pair{};
    } else if (now < p.last + Delay(p.failures)) {
      return TooMany(p.last + Delay(p.failures) - now);
    }
  }
  Prune(now);
  Pair& p = pairs_[key];
  ++p.failures;
  p.last = now;
  if (!client.empty()) clients_[client].push_back(now);
  return Status::Ok();
}

void LoginThrottle::Succeeded(const std::string& account, const std::string& client,
                              std::int64_t now) {
  std::lock_guard lock(mu_);
  pairs_.erase(PairKey(account, client));
  if (client.empty()) return;
  auto it = clients_.find(client);
  if (it == clients_.end()) return;
  auto at = std::find(it->second.rbegin(), it->second.rend(), now);
  if (at != it->second.rend()) it->second.erase(std::next(at).base());
  if (it->second.empty()) clients_.erase(it);
}

}  // namespace helsekrav::app
