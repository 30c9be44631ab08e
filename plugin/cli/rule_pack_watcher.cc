#include "cli/rule_pack_watcher.h"

#include <filesystem>
#include <system_error>
#include <vector>

#include "core/hash.h"

namespace leakhound {

RulePackWatcher::RulePackWatcher(std::string path, std::chrono::milliseconds interval,
                                 std::function<void()> on_change)
    : path_(std::move(path)), interval_(interval), on_change_(std::move(on_change)) {
  thread_ = std::thread([this] {
    uint64_t seen = Fingerprint(path_);
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [&] { return done_; })) {
      const uint64_t now = Fingerprint(path_);
      if (now == seen) continue;
      seen = now;
      lock.unlock();
      on_change_();
      lock.lock();
    }
  });
}

RulePackWatcher::~RulePackWatcher() {
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t RulePackWatcher::Fingerprint(const std::string& path) {
  namespace fs = std::filesystem;
  std::vector<std::string> lines;
  std::error_code error;
  const auto add = [&](const fs::path& file) {
    std::error_code ignored;
    const auto size = fs::file_size(file, ignored);
    const auto time = fs::last_write_time(file, ignored).time_since_epoch().count();
    lines.push_back(file.string() + '\0' + std::to_string(size) + '\0' + std::to_string(time));
  };
  if (fs::is_directory(path, error)) {
    for (fs::recursive_directory_iterator
             it(path, fs::directory_options::follow_directory_symlink, error),
         end;
         !error && it != end; it.increment(error)) {
      if (it->is_regular_file(error)) add(it->path());
    }
  } else {
    add(path);
  }
  std::sort(lines.begin(), lines.end());
  std::string all;
  for (const std::string& line : lines) all += line + '\n';
  return Fnv1a64(all);
}

}  // namespace leakhound
