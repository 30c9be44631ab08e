// The librdkafka plugin's C ABI: conf_init, the one exported symbol, and the interceptors it
// registers. librdkafka calls conf_init when a configuration names this library in
// plugin.library.paths; from then on:
//
//   on_conf_set      claims every leakhound.* property (validated as it is set, so a bad
//                    value fails the host's rd_kafka_conf_set with a message)
//   on_conf_dup      rd_kafka_conf_dup does not copy interceptors: register them again on
//                    the copy, with a copy of the settings
//   on_conf_destroy  frees the settings of a configuration
//   on_new           a client is made from the configuration: a consumer gets a Tap (its
//                    failure fails rd_kafka_new with the reason), a producer nothing
//   on_consume       hands each consumed record to the Tap (a copy, never a wait)
//   on_destroy       drains and stops the Tap within leakhound.drain.timeout.ms
//
// Nothing here throws across the C boundary: every callback catches and reports.
#include <librdkafka/rdkafka.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include "interceptor/interceptor_settings.h"
#include "interceptor/tap.h"

namespace leakhound {
namespace {

constexpr const char* kName = "leakhound";

// Per configuration: the settings the host gave. Per client: the Tap.
struct ConfState {
  InterceptorSettings settings;
};

void CopyError(const std::string& message, char* errstr, size_t errstr_size) {
  if (errstr == nullptr || errstr_size == 0) return;
  std::snprintf(errstr, errstr_size, "leakhound: %s", message.c_str());
}

std::string ConfValue(const rd_kafka_conf_t* conf, const char* name) {
  char value[2048];
  size_t size = sizeof value;
  if (rd_kafka_conf_get(conf, name, value, &size) != RD_KAFKA_CONF_OK) return {};
  return value;
}

rd_kafka_resp_err_t Register(rd_kafka_conf_t* conf, ConfState* state);

rd_kafka_conf_res_t OnConfSet(rd_kafka_conf_t*, const char* name, const char* value, char* errstr,
                              size_t errstr_size, void* opaque) {
  if (!InterceptorSettings::Claims(name)) return RD_KAFKA_CONF_UNKNOWN;
  try {
    const Status status = static_cast<ConfState*>(opaque)->settings.Set(name, value ? value : "");
    if (status.ok()) return RD_KAFKA_CONF_OK;
    CopyError(status.message(), errstr, errstr_size);
  } catch (const std::exception& error) {
    CopyError(error.what(), errstr, errstr_size);
  }
  return RD_KAFKA_CONF_INVALID;
}

rd_kafka_resp_err_t OnConfDup(rd_kafka_conf_t* new_conf, const rd_kafka_conf_t*, size_t,
                              const char**, void* opaque) {
  try {
    auto* copy = new ConfState(*static_cast<ConfState*>(opaque));
    return Register(new_conf, copy);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "leakhound interceptor: cannot copy its configuration: %s\n",
                 error.what());
    return RD_KAFKA_RESP_ERR__FAIL;
  }
}

rd_kafka_resp_err_t OnConfDestroy(void* opaque) {
  delete static_cast<ConfState*>(opaque);
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

rd_kafka_resp_err_t OnConsume(rd_kafka_t*, rd_kafka_message_t* message, void* opaque) {
  if (message == nullptr || message->err != RD_KAFKA_RESP_ERR_NO_ERROR || message->rkt == nullptr) {
    return RD_KAFKA_RESP_ERR_NO_ERROR;  // errors and end-of-partition events carry no record
  }
  try {
    static_cast<Tap*>(opaque)->Offer(
        rd_kafka_topic_name(message->rkt), message->partition, message->offset,
        {static_cast<const char*>(message->payload), message->payload ? message->len : 0});
  } catch (const std::exception& error) {
    std::fprintf(stderr, "leakhound interceptor: record not scanned: %s\n", error.what());
  }
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

rd_kafka_resp_err_t OnDestroy(rd_kafka_t*, void* opaque) {
  try {
    delete static_cast<Tap*>(opaque);  // drains, flushes, stops
  } catch (const std::exception& error) {
    std::fprintf(stderr, "leakhound interceptor: stopping failed: %s\n", error.what());
  }
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

rd_kafka_resp_err_t OnNew(rd_kafka_t* rk, const rd_kafka_conf_t* conf, void* opaque, char* errstr,
                          size_t errstr_size) {
  if (rd_kafka_type(rk) != RD_KAFKA_CONSUMER) return RD_KAFKA_RESP_ERR_NO_ERROR;
  try {
    const ConfState& state = *static_cast<ConfState*>(opaque);
    Result<std::unique_ptr<Tap>> tap = Tap::Create(
        state.settings, {ConfValue(conf, "group.id"), ConfValue(conf, "bootstrap.servers")});
    if (!tap.ok()) {
      CopyError(tap.status().message(), errstr, errstr_size);
      return RD_KAFKA_RESP_ERR__INVALID_ARG;
    }
    Tap* raw = tap->release();
    rd_kafka_resp_err_t error = rd_kafka_interceptor_add_on_consume(rk, kName, OnConsume, raw);
    if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
      error = rd_kafka_interceptor_add_on_destroy(rk, kName, OnDestroy, raw);
    }
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      delete raw;
      CopyError(std::string("cannot register: ") + rd_kafka_err2str(error), errstr, errstr_size);
      return error;
    }
  } catch (const std::exception& error) {
    CopyError(error.what(), errstr, errstr_size);
    return RD_KAFKA_RESP_ERR__FAIL;
  }
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

rd_kafka_resp_err_t Register(rd_kafka_conf_t* conf, ConfState* state) {
  rd_kafka_conf_interceptor_add_on_conf_set(conf, kName, OnConfSet, state);
  rd_kafka_conf_interceptor_add_on_conf_dup(conf, kName, OnConfDup, state);
  rd_kafka_conf_interceptor_add_on_conf_destroy(conf, kName, OnConfDestroy, state);
  rd_kafka_conf_interceptor_add_on_new(conf, kName, OnNew, state);
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace
}  // namespace leakhound

extern "C" __attribute__((visibility("default"))) rd_kafka_resp_err_t conf_init(
    rd_kafka_conf_t* conf, void** plug_opaquep, char* errstr, size_t errstr_size) {
  (void)plug_opaquep;
  try {
    return leakhound::Register(conf, new leakhound::ConfState());
  } catch (const std::exception& error) {
    std::snprintf(errstr, errstr_size, "leakhound: %s", error.what());
    return RD_KAFKA_RESP_ERR__FAIL;
  }
}
