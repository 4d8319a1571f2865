#include "http/webhook_sender.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <chrono>
#include <memory>

namespace helsekrav::http {
namespace {

constexpr std::size_t kMaxResponseBytes =
    std::size_t{64} * 1024;  // the answer is not used; read a little

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

std::size_t Discard(char*, std::size_t size, std::size_t count, void* user) {
  auto* seen = static_cast<std::size_t*>(user);
  *seen += size * count;
  return *seen > kMaxResponseBytes ? 0 : size * count;
}

bool Allowed(const std::string& ip, bool allow_loopback) {
  return domain::IsPublicAddress(ip) || (allow_loopback && domain::IsLoopbackAddress(ip));
}

Status Refused(const std::string& host) {
  return Status::Invalid(
      "url", "Adressen " + host + " peker til et internt eller privat nett og blir ikke brukt");
}

std::string AddressText(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text,
              sizeof text);
  }
  return text;
}

}  // namespace

Result<std::string> ResolveWebhookAddress(const domain::WebhookUrl& url, bool allow_http_loopback) {
  unsigned char literal[16];
  if (inet_pton(AF_INET, url.host.c_str(), literal) == 1 ||
      inet_pton(AF_INET6, url.host.c_str(), literal) == 1) {
    if (!Allowed(url.host, allow_http_loopback)) return Refused(url.host);
    return url.host;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(url.host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) {
    return Status::Invalid("url", "Fant ikke vertsnavnet " + url.host);
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, freeaddrinfo);
  std::string chosen;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    std::string ip = AddressText(a->ai_addr);
    if (ip.empty()) continue;
    // Every address must be allowed: the connection could otherwise go to any of them.
    if (!Allowed(ip, allow_http_loopback)) return Refused(url.host);
    if (chosen.empty()) chosen = ip;
  }
  if (chosen.empty()) return Status::Invalid("url", "Fant ikke vertsnavnet " + url.host);
  return chosen;
}

CurlWebhookSender::CurlWebhookSender(WebhookSenderOptions options) : options_(options) {}

app::WebhookResult CurlWebhookSender::Post(const app::WebhookRequest& request) {
  static CurlGlobal global;
  app::WebhookResult result;
  auto started = std::chrono::steady_clock::now();
  auto finish = [&] {
    result.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    return result;
  };
  Status valid = domain::ValidateWebhookUrl(request.url, options_.allow_http_loopback);
  auto url = domain::ParseWebhookUrl(request.url);
  auto address = valid.ok() && url.ok() ? ResolveWebhookAddress(*url, options_.allow_http_loopback)
                                        : Result<std::string>(valid.ok() ? url.status() : valid);
  if (!address.ok()) {
    result.error = "Ikke sendt: " + address.status().message();
    return finish();
  }

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    result.error = "Ikke sendt: intern feil (curl)";
    return finish();
  }
  CURL* c = curl.get();
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) {
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  }
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                          curl_slist_free_all);
  // Connect to the address that was checked, whatever DNS answers next.
  std::string pinned_address =
      address->find(':') != std::string::npos ? "[" + *address + "]" : *address;
  std::string pin = url->host + ":" + std::to_string(url->port) + ":" + pinned_address;
  curl_slist* resolve = curl_slist_append(nullptr, pin.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve_list(resolve,
                                                                           curl_slist_free_all);
  std::size_t seen = 0;
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, options_.allow_http_loopback ? "http,https" : "https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // an environment proxy would bypass the pinning
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_TIMEOUT, options_.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options_.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &seen);
  CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  result.status = static_cast<int>(status);
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    result.error =
        "Mottakeren svarte ikke innen " + std::to_string(options_.timeout_seconds) + " sekunder";
  } else if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && status != 0)) {
    result.error = std::string("Fikk ikke kontakt med mottakeren (") + curl_easy_strerror(rc) + ")";
  }
  if (!result.error.empty() && rc != CURLE_WRITE_ERROR) result.status = 0;
  return finish();
}

}  // namespace helsekrav::http
