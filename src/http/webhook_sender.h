#pragma once
// Sends webhook deliveries with libcurl, behind the guard against server-side request forgery:
// the address must pass domain::ValidateWebhookUrl again (the rules may have changed since it
// was registered), its host is resolved and every address it resolves to must be in the public
// internet (or loopback, when serve runs with --webhook-allow-http-loopback), and the
// connection is pinned to the checked address (CURLOPT_RESOLVE) so a second DNS answer cannot
// point it elsewhere. No redirects, no proxies, a 10 second timeout. Thread-safe.

#include <string>
#include <vector>

#include "app/webhooks.h"
#include "core/status.h"
#include "domain/webhook_rules.h"

namespace helsekrav::http {

struct WebhookSenderOptions {
  bool allow_http_loopback = false;
  long timeout_seconds = 10;
};

// The address to connect to for `url`'s host (an IP literal), or Invalid("url", …) in
// Norwegian when the host cannot be resolved or any of its addresses is not allowed.
Result<std::string> ResolveWebhookAddress(const domain::WebhookUrl& url, bool allow_http_loopback);

class CurlWebhookSender final : public app::WebhookSender {
 public:
  explicit CurlWebhookSender(WebhookSenderOptions options = {});
  app::WebhookResult Post(const app::WebhookRequest& request) override;

 private:
  WebhookSenderOptions options_;
};

}  // namespace helsekrav::http
