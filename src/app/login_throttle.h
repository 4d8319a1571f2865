#pragma once
// Throttles password sign-in without letting anyone lock a user out.
//
// Failures are counted per (account, client address) pair and per client address. A pair gets
// kFreeLoginFailures tries; after that each further try must wait twice as long as the one
// before (1 s, 2 s, 4 s, … up to kMaxLoginDelay), so guessing one account from one place
// slows to a crawl while the same account from another address, and other accounts from the
// same address, still work. A pair's failures are forgotten after a success, or after a quiet
// kLoginWindow once its delay is over. A client address is refused outright only after
// kMaxLoginFailuresPerClient failures within kLoginWindow: an address may be a whole
// municipality's network behind NAT, so that limit is much higher.
//
// In-process: with several server processes each keeps its own counts, so the effective
// limits multiply by their number. Thread-safe (one mutex).

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace helsekrav::app {

constexpr std::chrono::minutes kLoginWindow{15};
constexpr int kFreeLoginFailures = 5;  // per (account, client) before delays start
constexpr std::chrono::minutes kMaxLoginDelay{15};
constexpr int kMaxLoginFailuresPerClient = 100;  // per client address within kLoginWindow

class LoginThrottle {
 public:
  // Called before the password is checked. RateLimited (with a message saying how long to
  // wait) when the pair must wait or the client has failed too often; otherwise counts the
  // attempt as a failure at once, so parallel guesses cannot slip past the limit while the
  // slow hash runs. `account` is the normalised e-mail; `client` may be empty (not counted).
  Status Attempt(const std::string& account, const std::string& client, std::int64_t now);
  // The password was right: forgets the pair's failures and takes back this attempt's count
  // for the client.
  void Succeeded(const std::string& account, const std::string& client, std::int64_t now);

 private:
  struct Pair {
    int failures = 0;
    std::int64_t last = 0;
  };
  // Seconds the pair must wait after its last failure.
  static std::int64_t Delay(int failures);
  void Prune(std::int64_t now);  // drops entries outside the window when the tables grow

  std::mutex mu_;
  std::unordered_map<std::string, Pair> pairs_;                         // account\nclient
  std::unordered_map<std::string, std::vector<std::int64_t>> clients_;  // client → times
};

}  // namespace helsekrav::app
