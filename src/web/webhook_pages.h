#pragma once
// The webhook pages of «Min side» (/min-side/webhooker): an organisation's administrators
// register addresses for event types, see the secret once, rotate it, delete webhooks, and
// follow each delivery with its attempts and a «Send på nytt» button. Every write goes through
// app::WebhookService, which decides permissions. Thread-safe.

#include <optional>
#include <vector>

#include "http/message.h"
#include "web/workspace.h"

namespace helsekrav::web {

// The response for a /min-side/webhooker… path, or nullopt when the path (and method) is not
// one of these pages'.
std::optional<http::Response> HandleWebhookPages(const WebContext& context);
// Every form post these pages handle, with placeholders ({webhook}, {delivery}).
const std::vector<FormRoute>& WebhookFormRoutes();

}  // namespace helsekrav::web
