// HttpEndpoint: the service's HTTP face for operators: GET /metrics (Prometheus text),
// /healthz (the loop is turning) and /readyz (joined the group and consuming), on
// host:port (port 0 picks a free one; port() says which).
//
// Thread-safety: serves on its own threads; the callbacks must be thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/result.h"

namespace httplib {
class Server;
}

namespace leakhound {

class HttpEndpoint {
 public:
  struct Handlers {
    std::function<std::string()> metrics;
    std::function<bool()> healthy;
    std::function<bool()> ready;
  };

  ~HttpEndpoint();
  // Binds `listen` ("host:port") and starts serving.
  static Result<std::unique_ptr<HttpEndpoint>> Start(const std::string& listen, Handlers handlers);
  int port() const { return port_; }

 private:
  HttpEndpoint() = default;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace leakhound
