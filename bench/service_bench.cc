// End-to-end throughput of `leakhound run` through Kafka, beside kcat consuming the same
// topic with no processing at all (the ceiling), in one run; then the detection latency at
// half the throughput measured.
//
// The embedded cluster runs in a process of its own (forked first), as a broker would:
// kcat and leakhound both talk to it over loopback. The topic is spread over 128 partitions
// so that the cluster's 5 MB-a-partition retention keeps every record.
//
//   leakhound_service_bench [--records N] [--latency-seconds S] [--workers W] [--runs R]
//   [--metrics] [--timeline] [--interceptor LIBRARY]
//
// With --interceptor, the same topic is read by kcat alone and by kcat with the
// interceptor loaded (default queue size, detections produced to bench.detections), in
// alternating rounds: kcat's throughput with and without it, as a ratio, and the
// interceptor's own count of what it scanned and dropped. kcat's time includes the
// interceptor's drain at destroy: what a user of kcat waits for.
#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "codec/detection_json_decoder.h"
#include "core/clock.h"
#include "corpus_generator.h"
#include "kafka/embedded_cluster.h"
#include "kafka/service.h"
#include "kafka/topic_io.h"
#include "rules/pack_source.h"

namespace leakhound::bench {
namespace {

using namespace std::chrono_literals;

constexpr int kPartitions = 128;
constexpr const char* kFetchWaitMaxMs = "50";

struct Options {
  uint64_t records = 1'000'000;
  int latency_seconds = 20;
  size_t workers = 2;
  int runs = 3;
  bool metrics = false;     // print the service's /metrics after the throughput run
  bool timeline = false;    // print records processed every 100 ms of each throughput run
  std::string interceptor;  // libleakhound_interceptor.so: measure kcat with it instead
};

double Seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

// Forks the embedded cluster into a child process; returns its bootstrap.servers.
std::string StartBroker(pid_t& child) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return "";
  child = fork();
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // the broker dies with the benchmark, however it ends
    close(pipe_fds[0]);
    auto cluster = EmbeddedCluster::Start(1);
    if (!cluster.ok()) _exit(1);
    for (const char* topic : {"bench.in", "bench.latency2", "bench.latency4"}) {
      (void)(*cluster)->CreateTopic(topic, kPartitions);
    }
    for (const std::string suffix :
         {".r0", ".r1", ".r2", ".r3", ".r4", ".r5", ".r6", ".r7", "2", "4"}) {
      for (const char* topic : {"bench.out", "bench.dlq", "bench.state"}) {
        (void)(*cluster)->CreateTopic(topic + suffix, 6);
      }
    }
    const std::string bootstrap = (*cluster)->bootstrap_servers() + "\n";
    (void)!write(pipe_fds[1], bootstrap.data(), bootstrap.size());
    close(pipe_fds[1]);
    pause();  // until killed
    _exit(0);
  }
  close(pipe_fds[1]);
  char buffer[512] = {};
  const ssize_t got = read(pipe_fds[0], buffer, sizeof buffer - 1);
  close(pipe_fds[0]);
  std::string bootstrap(buffer, got > 0 ? static_cast<size_t>(got) : 0);
  while (!bootstrap.empty() && bootstrap.back() == '\n') bootstrap.pop_back();
  return bootstrap;
}

// The corpus lines with their keys. The generated corpus has one application account (90%
// of the traffic) and one analyst (10%): keyed by principal, as the README asks, each would
// be one partition fed to one worker thread, and over the embedded cluster's 5 MB a
// partition. A real database has many of both; here their records are keyed by session,
// and the insider's by principal.
std::vector<std::pair<std::string, std::string>> Records(const Corpus& corpus) {
  const auto field = [](const std::string& line, const std::string& name) {
    const size_t at = line.find("\"" + name + "\":\"") + name.size() + 4;
    return line.substr(at, line.find('"', at) - at);
  };
  std::vector<std::pair<std::string, std::string>> records;
  size_t start = 0;
  while (start < corpus.ndjson.size()) {
    const size_t end = corpus.ndjson.find('\n', start);
    std::string line = corpus.ndjson.substr(start, end - start);
    start = end + 1;
    const std::string principal = field(line, "principal");
    std::string key = principal == "mallory" ? principal : field(line, "session_id");
    records.emplace_back(std::move(key), std::move(line));
  }
  return records;
}

// How many detections of `rule` are on `topic`.
size_t CountDetections(const KafkaProperties& kafka, const std::string& topic,
                       const std::string& rule) {
  auto output = ReadTopic(kafka, topic, std::chrono::minutes(5));
  if (!output.ok()) return 0;
  size_t count = 0;
  for (const TopicRecord& record : *output) count += record.Header("leakhound-rule") == rule;
  return count;
}

// Waits until `group` has committed the end of every partition of `topic`, asking with one
// client that lives for the whole wait: a client made per question (topic_io's) would cost
// the broker and this machine's two cores more than the question is worth.
bool WaitCommittedToEnd(const KafkaProperties& kafka, const std::string& group,
                        const std::string& topic, const std::function<void()>& tick = {}) {
  auto ends = EndOffsets(kafka, topic, 10s);
  if (!ends.ok()) return false;
  KafkaProperties settings = kafka;
  settings.Set("group.id", group);
  Result<rd_kafka_conf_t*> conf = settings.MakeConf();
  if (!conf.ok()) return false;
  char error[512];
  rd_kafka_t* client = rd_kafka_new(RD_KAFKA_CONSUMER, *conf, error, sizeof error);
  if (client == nullptr) return false;
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(kPartitions);
  for (const auto& [partition, end] : *ends) {
    rd_kafka_topic_partition_list_add(list, topic.c_str(), partition);
  }
  bool done = false;
  while (!done) {
    std::this_thread::sleep_for(20ms);
    if (tick) tick();
    if (rd_kafka_committed(client, list, 10'000) != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    done = true;
    for (int i = 0; i < list->cnt; ++i) {
      const int64_t end = ends->at(list->elems[i].partition);
      if (end > 0 && list->elems[i].offset < end) done = false;
    }
  }
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_destroy(client);
  return true;
}

ServiceOptions BenchOptions(const std::string& bootstrap, const std::string& input,
                            const std::string& suffix, size_t workers) {
  ServiceOptions options;
  options.kafka.Set("bootstrap.servers", bootstrap);
  options.group_id = "bench" + suffix;
  options.inputs.push_back({input, FieldMap::Native(), "native"});
  options.output_topic = "bench.out" + suffix;
  options.dead_letter_topic = "bench.dlq" + suffix;
  options.state_topic = "bench.state" + suffix;
  options.workers = workers;
  options.commit_interval = 100ms;
  // The embedded cluster holds a fetch that finds no new record for its whole
  // fetch.wait.max.ms (500 ms by default), where a real broker answers as soon as records
  // arrive: kcat and leakhound both wait 50 ms at most.
  options.consumer.Set("fetch.wait.max.ms", kFetchWaitMaxMs);
  return options;
}

// Produces `total` records to `topic` at `rate` a second, in 50 ms ticks from one producer
// that lives for the whole run (as a database's log shipper would); one record in 100 is
// `copy`. Returns how many were acknowledged.
size_t ProducePaced(const KafkaProperties& kafka, const std::string& topic,
                    const std::vector<std::pair<std::string, std::string>>& records,
                    const std::string& copy, double rate, size_t total) {
  KafkaProperties settings = kafka;
  settings.Set("linger.ms", "1");
  Result<rd_kafka_conf_t*> conf = settings.MakeConf();
  if (!conf.ok()) return 0;
  static std::atomic<size_t> acknowledged;
  acknowledged = 0;
  rd_kafka_conf_set_dr_msg_cb(*conf, [](rd_kafka_t*, const rd_kafka_message_t* message, void*) {
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) ++acknowledged;
  });
  char error[512];
  rd_kafka_t* producer = rd_kafka_new(RD_KAFKA_PRODUCER, *conf, error, sizeof error);
  if (producer == nullptr) return 0;
  const auto start = std::chrono::steady_clock::now();
  // 50 ms ticks, as a log shipper flushes: each tick is one small batch a partition, and
  // the embedded cluster finds an offset by walking a partition's batches one by one, so
  // ticks of 10 ms would make its own work grow through the run.
  const size_t per_tick = std::max<size_t>(1, static_cast<size_t>(rate / 20));
  const std::string copy_key = "mallory";
  size_t sent = 0;
  for (size_t tick = 0; sent < total; ++tick) {
    for (size_t i = 0; i < per_tick && sent < total; ++i, ++sent) {
      const bool is_copy = sent % 100 == 99;
      const std::string& key = is_copy ? copy_key : records[sent % records.size()].first;
      const std::string& value = is_copy ? copy : records[sent % records.size()].second;
      while (rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic.c_str()),
                               RD_KAFKA_V_KEY(key.data(), key.size()),
                               RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                               RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                               RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(producer, 1);
      }
    }
    rd_kafka_poll(producer, 0);
    std::this_thread::sleep_until(start + std::chrono::milliseconds(50 * (tick + 1)));
  }
  rd_kafka_flush(producer, 60'000);
  rd_kafka_destroy(producer);
  return acknowledged;
}

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(fraction * static_cast<double>(values.size() - 1))];
}

// Records produced at a steady `rate`, one in 100 a COPY ... TO that LH-0005 reports at
// once, through a Service of their own (topics bench.latency<suffix>, bench.out<suffix>);
// latency is the detection's produce time minus its source record's, both stamped by this
// machine's clock. Prints p50, p99 and max, and p99 for each second of the run.
bool MeasureLatency(const KafkaProperties& kafka, const std::string& bootstrap,
                    const std::vector<std::pair<std::string, std::string>>& records,
                    const std::shared_ptr<const CompiledRules>& rules, const Options& options,
                    double rate, int fraction, const std::string& suffix) {
  const std::string input_topic = "bench.latency" + suffix;
  SystemClock clock;
  // At most 8,000 records a partition on average (2.3 MB): the insider's partition takes
  // one record in 100 besides its share, and all of it must stay under the embedded
  // cluster's 5 MB retention.
  constexpr size_t kLatencyRecordsMax = 8'000 * kPartitions;
  const size_t total =
      std::min(kLatencyRecordsMax, static_cast<size_t>(rate * options.latency_seconds));
  std::printf("\nlatency at %.0f records/s (1/%d of the above) for %.1f s...\n", rate, fraction,
              static_cast<double>(total) / rate);
  auto second = std::move(*Service::Create(
      BenchOptions(bootstrap, input_topic, suffix, options.workers), rules, clock));
  std::thread second_runner([&] { (void)second->Run(); });
  while (!second->ready()) std::this_thread::sleep_for(5ms);
  std::this_thread::sleep_for(1s);  // its first fetches are under way: the start is not timed
  const std::string copy =
      R"({"time":"2026-03-10T22:40:00Z","principal":"mallory","client":"172.16.8.40","statement":"COPY passengers TO STDOUT","rows":1000})";
  const auto paced_start = std::chrono::steady_clock::now();
  const size_t sent = ProducePaced(kafka, input_topic, records, copy, rate, total);
  const double sent_seconds = Seconds(std::chrono::steady_clock::now() - paced_start);
  if (!WaitCommittedToEnd(kafka, "bench" + suffix, input_topic)) return false;
  second->Stop();
  second_runner.join();
  second.reset();
  auto input = ReadTopic(kafka, input_topic, 5min);
  auto output = ReadTopic(kafka, "bench.out" + suffix, 5min);
  if (!input.ok() || !output.ok()) return false;
  std::vector<std::vector<int64_t>> produced(kPartitions);
  for (const TopicRecord& record : *input) {
    auto& partition = produced[static_cast<size_t>(record.partition)];
    if (partition.size() <= static_cast<size_t>(record.offset))
      partition.resize(static_cast<size_t>(record.offset) + 1);
    partition[static_cast<size_t>(record.offset)] = record.timestamp_ms;
  }
  std::vector<double> latencies;
  std::vector<std::pair<int64_t, double>> timeline;  // (source timestamp, latency)
  for (const TopicRecord& record : *output) {
    Result<Detection> detection = DecodeDetectionJson(record.value);
    if (!detection.ok() || detection->rule->id != "LH-0005") continue;
    const StoredSourceRef& source = detection->sources.front();
    const auto& partition = produced[static_cast<size_t>(source.partition)];
    const int64_t source_ms = static_cast<size_t>(source.offset) < partition.size()
                                  ? partition[static_cast<size_t>(source.offset)]
                                  : 0;
    if (source_ms <= 0) {
      std::fprintf(stderr, "source record %d/%lld not on the input topic (retention?)\n",
                   source.partition, static_cast<long long>(source.offset));
      return false;
    }
    latencies.push_back(static_cast<double>(record.timestamp_ms - source_ms));
    timeline.emplace_back(source_ms, latencies.back());
  }
  // p99 per second of the run: a tail that grows with time is not the same as one spike.
  std::sort(timeline.begin(), timeline.end());
  std::printf("p99 per second:");
  for (size_t at = 0; at < timeline.size();) {
    std::vector<double> slice;
    const int64_t until = timeline[at].first + 1000;
    for (; at < timeline.size() && timeline[at].first < until; ++at)
      slice.push_back(timeline[at].second);
    std::printf(" %.0f", Percentile(slice, 0.99));
  }
  std::printf("\n");
  std::printf(
      "%zu records sent at %.0f/s; %zu detections: latency p50 %.0f ms, p99 %.0f ms, max %.0f ms\n",
      sent, static_cast<double>(sent) / sent_seconds, latencies.size(), Percentile(latencies, 0.5),
      Percentile(latencies, 0.99), Percentile(latencies, 1.0));
  return true;
}

// kcat alone, then kcat with the interceptor, `runs` times; medians and ratios.
int InterceptorRounds(const Options& options, const std::string& bootstrap, double records) {
  const std::string kcat = "kcat -b " + bootstrap + " -X fetch.wait.max.ms=" + kFetchWaitMaxMs;
  const std::string plugin = " -X plugin.library.paths=" + options.interceptor +
                             " -X leakhound.output.topic=bench.detections";
  const std::string base = kcat + " -C -t bench.in -o beginning -e -q -f ''";
  const std::string with = base + plugin;
  // The same from the end of the topic: nothing to read, so what it times is the start (for
  // the plugin: loading and compiling the rules, its producer) and the stop.
  const std::string idle = kcat + " -C -t bench.in -o end -e -q -f ''";
  const std::string idle_with = idle + plugin;
  std::vector<double> plain_rates, tapped_rates, ratios, steady_ratios, startups;
  std::string last_summary;
  for (int run = 0; run < options.runs; ++run) {
    const auto timed = [&](const std::string& command) {
      const auto start = std::chrono::steady_clock::now();
      const int code =
          std::system((command + " > /dev/null 2> /tmp/leakhound-bench-kcat.err").c_str());
      const double seconds = Seconds(std::chrono::steady_clock::now() - start);
      return code == 0 ? seconds : -1.0;
    };
    const double plain = timed(base);
    const double tapped = timed(with);
    if (plain < 0 || tapped < 0) {
      std::fprintf(stderr, "kcat failed\n");
      return 1;
    }
    std::FILE* err = std::fopen("/tmp/leakhound-bench-kcat.err", "r");
    char line[512];
    while (err != nullptr && std::fgets(line, sizeof line, err) != nullptr) {
      if (std::strstr(line, "records consumed") != nullptr) last_summary = line;
    }
    if (err != nullptr) std::fclose(err);
    const double plain_idle = timed(idle);
    const double tapped_idle = timed(idle_with);
    if (plain_idle < 0 || tapped_idle < 0) {
      std::fprintf(stderr, "kcat failed\n");
      return 1;
    }
    plain_rates.push_back(records / plain);
    tapped_rates.push_back(records / tapped);
    ratios.push_back(plain / tapped);
    // Reading alone: each run less its own start and stop.
    steady_ratios.push_back((plain - plain_idle) / (tapped - tapped_idle));
    startups.push_back(tapped_idle - plain_idle);
    std::printf(
        "run %d: kcat %.0f records/s, kcat + interceptor %.0f records/s, ratio %.2fx; start "
        "and stop %.3f s alone, %.3f s with the plugin, reading alone %.2fx; %s",
        run + 1, plain_rates.back(), tapped_rates.back(), ratios.back(), plain_idle, tapped_idle,
        steady_ratios.back(), last_summary.c_str());
  }
  std::printf("\n%-44s %12s\n", "kcat -C through the embedded broker, median", "records/s");
  std::printf("%-44s %12.0f\n", "kcat alone", Percentile(plain_rates, 0.5));
  std::printf("%-44s %12.0f\n", "kcat with libleakhound_interceptor.so",
              Percentile(tapped_rates, 0.5));
  std::printf("%-44s %11.2fx (rounds %.2f-%.2fx)\n", "ratio", Percentile(ratios, 0.5),
              Percentile(ratios, 0.0), Percentile(ratios, 1.0));
  std::printf("%-44s %11.2fx (rounds %.2f-%.2fx)\n", "ratio, start and stop left out",
              Percentile(steady_ratios, 0.5), Percentile(steady_ratios, 0.0),
              Percentile(steady_ratios, 1.0));
  std::printf("%-44s %11.3f s\n", "the plugin's start and stop, median", Percentile(startups, 0.5));
  return 0;
}

int Main(const Options& options) {
  spdlog::set_level(spdlog::level::warn);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // the forked broker must not inherit a buffer
  pid_t broker = -1;
  const std::string bootstrap = StartBroker(broker);
  if (bootstrap.empty()) {
    std::fprintf(stderr, "the embedded cluster did not start\n");
    return 1;
  }
  KafkaProperties kafka;
  kafka.Set("bootstrap.servers", bootstrap);
  std::printf("broker (own process): %s\n", bootstrap.c_str());

  const Corpus corpus = GenerateCorpus(options.records);
  const auto records = Records(corpus);
  const double megabytes = static_cast<double>(corpus.ndjson.size()) / 1e6;
  std::printf("producing %zu records (%.0f MB) to bench.in (%d partitions)...\n", records.size(),
              megabytes, kPartitions);
  if (const Status status = ProduceRecords(kafka, "bench.in", records, 10min); !status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }

  // Rounds of the ceiling then leakhound, each leakhound in a group of its own from the
  // first offset; the medians are reported (wall time on this machine moves by a third
  // between runs, kcat's most: it is over in about a second).
  const double records_count = static_cast<double>(records.size());
  if (!options.interceptor.empty()) {
    const int code = InterceptorRounds(options, bootstrap, records_count);
    kill(broker, SIGKILL);
    waitpid(broker, nullptr, 0);
    return code;
  }
  CompileOutcome compiled = LoadAndCompile(EmbeddedRulePack(), SystemClock().Now());
  SystemClock clock;
  std::vector<double> kcat_rates, leakhound_rates, ratios;
  for (int run = 0; run < options.runs; ++run) {
    // The ceiling: kcat reading the topic from start to end, printing nothing per record.
    const std::string kcat = "kcat -b " + bootstrap + " -X fetch.wait.max.ms=" + kFetchWaitMaxMs +
                             " -C -t bench.in -o beginning -e -q -f '' > /dev/null";
    const auto kcat_start = std::chrono::steady_clock::now();
    if (std::system(kcat.c_str()) != 0) {
      std::fprintf(stderr, "kcat failed\n");
      return 1;
    }
    const double kcat_seconds = Seconds(std::chrono::steady_clock::now() - kcat_start);

    // leakhound: from its assignment to every offset committed (the group join, about 3 s
    // on the embedded cluster, is not the service's work and kcat has none).
    const std::string suffix = ".r" + std::to_string(run);
    auto service = std::move(*Service::Create(
        BenchOptions(bootstrap, "bench.in", suffix, options.workers), compiled.compiled, clock));
    std::thread runner([&] { (void)service->Run(); });
    while (!service->ready()) std::this_thread::sleep_for(5ms);
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::pair<double, uint64_t>> timeline;
    const auto tick = [&] {
      timeline.emplace_back(Seconds(std::chrono::steady_clock::now() - start),
                            service->metrics().records("bench.in"));
    };
    if (!WaitCommittedToEnd(kafka, "bench" + suffix, "bench.in",
                            options.timeline ? std::function<void()>(tick) : nullptr)) {
      return 1;
    }
    if (options.timeline) {
      // Records processed in each 100 ms, then the wait for the last commit.
      std::printf("timeline (k records per 100 ms):");
      uint64_t previous = 0;
      double next = 0.1;
      for (const auto& [seconds, processed] : timeline) {
        if (seconds < next) continue;
        std::printf(" %llu", static_cast<unsigned long long>((processed - previous) / 1000));
        previous = processed;
        next += 0.1;
      }
      std::printf("\n");
    }
    const double leakhound_seconds = Seconds(std::chrono::steady_clock::now() - start);
    if (options.metrics) std::printf("%s", service->metrics().RenderPrometheus().c_str());
    service->Stop();
    runner.join();
    service.reset();
    const size_t copies = CountDetections(kafka, "bench.out" + suffix, "LH-0005");
    if (copies != corpus.attack_records) {
      std::fprintf(stderr, "check failed: %zu of %llu planted COPY ... TO records detected\n",
                   copies, static_cast<unsigned long long>(corpus.attack_records));
      return 1;
    }
    kcat_rates.push_back(records_count / kcat_seconds);
    leakhound_rates.push_back(records_count / leakhound_seconds);
    ratios.push_back(leakhound_rates.back() / kcat_rates.back());
    std::printf("run %d: kcat %.0f records/s, leakhound %.0f records/s, ratio %.2fx\n", run + 1,
                kcat_rates.back(), leakhound_rates.back(), ratios.back());
  }
  const double kcat_rate = Percentile(kcat_rates, 0.5);
  const double leakhound_rate = Percentile(leakhound_rates, 0.5);
  const double bytes_per_record = static_cast<double>(corpus.ndjson.size()) / records_count;
  std::printf("\n%-48s %12s %8s\n", "through the embedded broker, median of the runs", "records/s",
              "MB/s");
  std::printf("%-48s %12.0f %8.0f\n", "kcat -C, no processing (the ceiling)", kcat_rate,
              kcat_rate * bytes_per_record / 1e6);
  std::printf("%-48s %12.0f %8.0f\n", "leakhound run, at-least-once commits", leakhound_rate,
              leakhound_rate * bytes_per_record / 1e6);
  std::printf("ratio leakhound / kcat: median %.2fx (runs %.2f-%.2f)\n", Percentile(ratios, 0.5),
              Percentile(ratios, 0), Percentile(ratios, 1));
  std::printf("check: every run detected all %llu planted COPY ... TO records (LH-0005)\n",
              static_cast<unsigned long long>(corpus.attack_records));

  // Latency at half that rate (the bar), and at a quarter for the floor.
  for (const auto& [fraction, suffix] : {std::pair<int, const char*>{2, "2"}, {4, "4"}}) {
    if (!MeasureLatency(kafka, bootstrap, records, compiled.compiled, options,
                        leakhound_rate / fraction, fraction, suffix)) {
      return 1;
    }
  }
  kill(broker, SIGKILL);
  waitpid(broker, nullptr, 0);
  return 0;
}

}  // namespace
}  // namespace leakhound::bench

int main(int argc, char** argv) {
  leakhound::bench::Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--records") {
      options.records = std::stoull(next());
    } else if (arg == "--latency-seconds") {
      options.latency_seconds = std::stoi(next());
    } else if (arg == "--workers") {
      options.workers = std::stoul(next());
    } else if (arg == "--runs") {
      options.runs = std::clamp(std::stoi(next()), 1, 8);  // the broker has topics for 8
    } else if (arg == "--interceptor") {
      options.interceptor = next();
    } else if (arg == "--timeline") {
      options.timeline = true;
    } else if (arg == "--metrics") {
      options.metrics = true;
    } else {
      std::fprintf(stderr,
                   "usage: leakhound_service_bench [--records N] [--latency-seconds S] [--workers "
                   "W] [--runs R] [--metrics] [--timeline] [--interceptor LIBRARY]\n");
      return 2;
    }
  }
  return leakhound::bench::Main(options);
}
