#include "cli/http_endpoint.h"

#include <httplib.h>

#include <charconv>

namespace leakhound {

HttpEndpoint::~HttpEndpoint() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

Result<std::unique_ptr<HttpEndpoint>> HttpEndpoint::Start(const std::string& listen,
                                                          Handlers handlers) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    std::from_chars(listen.data() + colon + 1, listen.data() + listen.size(), port);
  }
  if (colon == std::string::npos || port < 0 || port > 65535) {
    return InvalidArgument("metrics.listen must be host:port, e.g. 127.0.0.1:9464, not '" + listen +
                           "'");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::unique_ptr<HttpEndpoint> endpoint(new HttpEndpoint());
  endpoint->server_ = std::make_unique<httplib::Server>();
  httplib::Server& server = *endpoint->server_;
  server.Get("/metrics",
             [metrics = handlers.metrics](const httplib::Request&, httplib::Response& response) {
               response.set_content(metrics(), "text/plain; version=0.0.4; charset=utf-8");
             });
  server.Get("/healthz",
             [healthy = handlers.healthy](const httplib::Request&, httplib::Response& response) {
               const bool ok = healthy();
               response.status = ok ? 200 : 503;
               response.set_content(ok ? "ok\n" : "the service loop is stuck\n", "text/plain");
             });
  server.Get("/readyz",
             [ready = handlers.ready](const httplib::Request&, httplib::Response& response) {
               const bool ok = ready();
               response.status = ok ? 200 : 503;
               response.set_content(ok ? "ready\n" : "not consuming yet\n", "text/plain");
             });
  const int bound =
      port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) return Unavailable("metrics endpoint: cannot listen on " + listen);
  endpoint->port_ = bound;
  endpoint->thread_ = std::thread([&server] { server.listen_after_bind(); });
  return endpoint;
}

}  // namespace leakhound
