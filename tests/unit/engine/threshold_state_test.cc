// ThresholdState on its own: what the engine cannot show cheaply (sweeping idle groups,
// per-group entry limits).
#include "engine/threshold_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace leakhound {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;

const TimePoint kT0 = TimePoint(std::chrono::seconds(1770026400));

Threshold Count(double limit, Duration window, Duration suppress,
                std::vector<Field> group_by = {}) {
  Threshold threshold;
  threshold.aggregate = Threshold::Aggregate::kCount;
  threshold.limit = limit;
  threshold.window = window;
  threshold.suppress = suppress;
  threshold.group_by = std::move(group_by);
  return threshold;
}

// Observes one event of `principal` at `time`; returns whether the group fired.
class Observer {
 public:
  explicit Observer(const Threshold& threshold, ThresholdState::Limits limits = {})
      : state_(threshold, limits) {}

  bool Observe(std::string_view principal, TimePoint time, int64_t offset = 0) {
    QueryEvent event;
    event.principal = principal;
    event.time = time;
    const SqlAnalysis sql;
    const PiiFacts pii;
    const EventFields fields(event, sql, pii, time);
    return state_.Observe(fields, Duration::zero(), {0, -1, offset, 0}, firing_);
  }

  ThresholdState& state() { return state_; }
  const ThresholdState::Firing& firing() const { return firing_; }

 private:
  ThresholdState state_;
  ThresholdState::Firing firing_;
};

TEST(ThresholdStateTest, SweepForgetsIdleGroupsOnly) {
  Observer observer(Count(2, 10min, 30min, {Field::kPrincipal}));
  observer.Observe("quiet", kT0);  // never fires
  observer.Observe("loud", kT0);
  EXPECT_TRUE(observer.Observe("loud", kT0 + 1min));  // suppressed until kT0+31m
  observer.Observe("recent", kT0 + 20min);
  EXPECT_EQ(observer.state().groups(), 3u);
  EXPECT_EQ(observer.state().entries(), 4u);

  observer.state().Sweep(kT0 + 10min);  // quiet's window ends exactly now: gone
  EXPECT_EQ(observer.state().groups(), 2u);
  observer.state().Sweep(kT0 + 29min);  // loud is suppressed; recent is in its window
  EXPECT_EQ(observer.state().groups(), 2u);
  observer.state().Sweep(kT0 + 30min);  // recent's window is over; loud is still suppressed
  EXPECT_EQ(observer.state().groups(), 1u);
  EXPECT_EQ(observer.state().entries(), 2u);
  observer.state().Sweep(kT0 + 31min);  // loud's suppression is over
  EXPECT_EQ(observer.state().groups(), 0u);
  EXPECT_EQ(observer.state().entries(), 0u);
}

TEST(ThresholdStateTest, SuppressedCountSurvivesASweep) {
  Observer observer(Count(1, 1min, 1h));
  EXPECT_TRUE(observer.Observe("a", kT0));
  EXPECT_FALSE(observer.Observe("a", kT0 + 1s));
  EXPECT_EQ(observer.state().suppressed_total(), 1u);
  observer.state().Sweep(kT0 + 2h);
  EXPECT_EQ(observer.state().groups(), 0u);
  EXPECT_EQ(observer.state().suppressed_total(), 1u);
}

TEST(ThresholdStateTest, EntriesPerGroupAreBounded) {
  ThresholdState::Limits limits;
  limits.max_entries_per_group = 2;
  Observer observer(Count(3, 10min, 10min), limits);
  EXPECT_FALSE(observer.Observe("a", kT0));
  EXPECT_FALSE(observer.Observe("a", kT0 + 1s));
  EXPECT_FALSE(observer.Observe("a", kT0 + 2s));  // undercounts, never grows past 2
  EXPECT_EQ(observer.state().entries(), 2u);
}

TEST(ThresholdStateTest, GroupLimitIsCounted) {
  ThresholdState::Limits limits;
  limits.max_groups = 1;
  Observer observer(Count(1, 10min, 10min, {Field::kPrincipal}), limits);
  EXPECT_TRUE(observer.Observe("a", kT0));
  EXPECT_FALSE(observer.Observe("b", kT0));
  EXPECT_EQ(observer.state().overflow_total(), 1u);
  EXPECT_EQ(observer.state().groups(), 1u);
}

TEST(ThresholdStateTest, LateEventsAreCounted) {
  Observer observer(Count(5, 10min, 10min));
  observer.Observe("a", kT0 + 1h);
  EXPECT_FALSE(observer.Observe("a", kT0));
  EXPECT_EQ(observer.state().late_total(), 1u);
  EXPECT_EQ(observer.state().entries(), 1u);
}

TEST(ThresholdStateTest, FiringListsContributingSourcesOldestFirst) {
  Observer observer(Count(3, 10min, 10min));
  observer.Observe("a", kT0 + 2s, 30);
  observer.Observe("a", kT0, 10);  // out of order, inside the window
  ASSERT_TRUE(observer.Observe("a", kT0 + 1s, 20));
  std::vector<int64_t> offsets;
  for (const PackedSourceRef& source : observer.firing().sources) offsets.push_back(source.offset);
  EXPECT_THAT(offsets, ElementsAre(10, 20, 30));
  EXPECT_EQ(observer.firing().evidence.window_start, kT0);
  EXPECT_EQ(observer.firing().evidence.window_end, kT0 + 2s);
}

}  // namespace
}  // namespace leakhound
