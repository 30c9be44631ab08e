// Engine checkpoints: SaveState and RestoreState (see engine.h).
//
// Layout, after the 8-byte magic: the engine's watermark and its count of events since the
// last sweep (when idle groups are forgotten decides what an out-of-order event meets, so
// a restored engine must sweep where the saved one would have); the origin names that window
// entries refer to by id; then each threshold rule's id, the definition of its windows
// (aggregate, field, length, group-by fields, by name) and its groups
// (ThresholdState::Save). Field names, not enum values, so that a snapshot survives a
// leakhound upgrade that adds fields.
#include <memory>

#include "engine/engine.h"

namespace leakhound {
namespace {

constexpr std::string_view kMagic = "LHSTATE2";

void PutField(ByteWriter& out, std::optional<Field> field) {
  out.PutString(field ? GetFieldInfo(*field).name : std::string_view());
}

bool GetField(ByteReader& in, std::optional<Field>& field) {
  std::string name;
  if (!in.GetString(name)) return false;
  if (name.empty()) {
    field.reset();
    return true;
  }
  field = FindField(name);
  return field.has_value();
}

}  // namespace

void Engine::SaveState(std::string& out) const {
  out.clear();
  out.append(kMagic);
  ByteWriter writer(out);
  writer.Put<int64_t>(watermark_.time_since_epoch().count());
  writer.Put<uint64_t>(events_since_sweep_);
  writer.Put<uint32_t>(static_cast<uint32_t>(origins_.size()));
  for (uint32_t id = 0; id < origins_.size(); ++id) writer.PutString(origins_.Name(id));
  uint32_t rules = 0;
  for (const auto& state : thresholds_) rules += state ? 1 : 0;
  writer.Put<uint32_t>(rules);
  for (size_t i = 0; i < thresholds_.size(); ++i) {
    if (!thresholds_[i]) continue;
    const Threshold& threshold = thresholds_[i]->threshold();
    writer.PutString(rules_->rules->rules[i].id());
    writer.Put<uint8_t>(static_cast<uint8_t>(threshold.aggregate));
    PutField(writer, threshold.field);
    writer.Put<int64_t>(threshold.window.count());
    writer.Put<uint32_t>(static_cast<uint32_t>(threshold.group_by.size()));
    for (Field field : threshold.group_by) PutField(writer, field);
    thresholds_[i]->Save(writer);
  }
}

Status Engine::RestoreState(std::string_view snapshot) {
  // Empty state first: a refused snapshot must not leave half of itself behind.
  const auto clear = [&] {
    for (auto& state : thresholds_) {
      if (state) {
        state = std::make_unique<ThresholdState>(state->threshold(), options_.threshold_limits);
      }
    }
  };
  clear();
  const auto refuse = [&](std::string_view why) {
    clear();
    return InvalidArgument("state snapshot refused: " + std::string(why));
  };
  if (snapshot.substr(0, kMagic.size()) != kMagic) return refuse("not a leakhound snapshot");
  ByteReader in(snapshot.substr(kMagic.size()));
  int64_t watermark = 0;
  uint64_t events_since_sweep = 0;
  uint32_t origin_count = 0;
  if (!in.Get(watermark) || !in.Get(events_since_sweep) || !in.GetCount(origin_count, 4)) {
    return refuse("truncated header");
  }
  std::vector<uint32_t> origin_ids;
  for (uint32_t i = 0; i < origin_count; ++i) {
    std::string name;
    if (!in.GetString(name)) return refuse("truncated origins");
    origin_ids.push_back(origins_.Intern(name));
  }
  uint32_t rule_count = 0;
  if (!in.GetCount(rule_count, 4)) return refuse("truncated rule list");
  for (uint32_t r = 0; r < rule_count; ++r) {
    std::string rule_id;
    uint8_t aggregate = 0;
    Threshold saved;
    int64_t window = 0;
    uint32_t group_count = 0;
    if (!in.GetString(rule_id) || !in.Get(aggregate) || aggregate > 2 ||
        !GetField(in, saved.field) || !in.Get(window) || !in.GetCount(group_count, 4)) {
      return refuse("bad rule header");
    }
    saved.aggregate = static_cast<Threshold::Aggregate>(aggregate);
    saved.window = Duration(window);
    for (uint32_t g = 0; g < group_count; ++g) {
      std::optional<Field> field;
      if (!GetField(in, field) || !field) return refuse("bad group-by field");
      saved.group_by.push_back(*field);
    }
    // Read into a state of the saved shape, then keep it only where a current rule has the
    // same id and windows.
    auto restored = std::make_unique<ThresholdState>(saved, options_.threshold_limits);
    if (!restored->Restore(in, origin_ids)) return refuse("bad window state of " + rule_id);
    for (size_t i = 0; i < thresholds_.size(); ++i) {
      if (!thresholds_[i] || rules_->rules->rules[i].id() != rule_id) continue;
      if (!ThresholdState::SameWindows(thresholds_[i]->threshold(), saved)) break;
      restored->set_threshold(thresholds_[i]->threshold());
      thresholds_[i] = std::move(restored);
      break;
    }
  }
  if (!in.at_end()) return refuse("bytes after the last rule");
  watermark_ = std::max(watermark_, TimePoint(Duration(watermark)));
  events_since_sweep_ = events_since_sweep;
  return Status::Ok();
}

}  // namespace leakhound
