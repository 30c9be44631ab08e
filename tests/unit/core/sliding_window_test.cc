#include "core/sliding_window.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

namespace leakhound {
namespace {

using std::chrono::seconds;

TimePoint At(int64_t second) { return TimePoint(seconds(second)); }

SlidingWindow::Entry MakeEntry(int64_t second, double value = 1, uint64_t key = 0,
                               bool starts_event = true) {
  SlidingWindow::Entry entry;
  entry.time = At(second);
  entry.value = value;
  entry.key = key;
  entry.starts_event = starts_event;
  entry.source.offset = second;
  return entry;
}

std::vector<int64_t> Times(const SlidingWindow& window) {
  std::vector<int64_t> times;
  for (const SlidingWindow::Entry& entry : window.entries()) {
    times.push_back(std::chrono::duration_cast<seconds>(entry.time.time_since_epoch()).count());
  }
  return times;
}

TEST(SlidingWindowTest, StartsEmpty) {
  const SlidingWindow window(seconds(60));
  EXPECT_TRUE(window.empty());
  EXPECT_EQ(window.size(), 0u);
  EXPECT_EQ(window.events(), 0u);
  EXPECT_EQ(window.sum(), 0);
  EXPECT_EQ(window.distinct(), 0u);
  EXPECT_EQ(window.late(), 0u);
  EXPECT_EQ(window.dropped(), 0u);
}

TEST(SlidingWindowTest, CountsSumsAndDistinctsAsEntriesArrive) {
  SlidingWindow window(seconds(60));
  EXPECT_TRUE(window.Add(MakeEntry(100, 10, 1)));
  EXPECT_TRUE(window.Add(MakeEntry(110, 20, 2)));
  EXPECT_TRUE(window.Add(MakeEntry(120, 5, 1)));
  EXPECT_EQ(window.size(), 3u);
  EXPECT_EQ(window.events(), 3u);
  EXPECT_EQ(window.sum(), 35);
  EXPECT_EQ(window.distinct(), 2u);
  EXPECT_EQ(window.watermark(), At(120));
  EXPECT_EQ(window.oldest(), At(100));
}

TEST(SlidingWindowTest, EntriesLeaveAsTheWatermarkAdvances) {
  SlidingWindow window(seconds(60));
  ASSERT_TRUE(window.Add(MakeEntry(100, 10, 1)));
  ASSERT_TRUE(window.Add(MakeEntry(110, 20, 2)));
  ASSERT_TRUE(window.Add(MakeEntry(120, 5, 1)));

  ASSERT_TRUE(window.Add(MakeEntry(165, 1, 3)));  // horizon 105: the entry at 100 leaves
  EXPECT_EQ(Times(window), (std::vector<int64_t>{110, 120, 165}));
  EXPECT_EQ(window.events(), 3u);
  EXPECT_EQ(window.sum(), 26);
  EXPECT_EQ(window.distinct(), 3u);  // key 1 is still held by the entry at 120

  ASSERT_TRUE(window.Add(MakeEntry(181, 2, 3)));  // horizon 121: 110 and 120 leave
  EXPECT_EQ(Times(window), (std::vector<int64_t>{165, 181}));
  EXPECT_EQ(window.events(), 2u);
  EXPECT_EQ(window.sum(), 3);
  EXPECT_EQ(window.distinct(), 1u);
  EXPECT_EQ(window.oldest(), At(165));
}

TEST(SlidingWindowTest, WindowIsHalfOpen) {
  SlidingWindow window(seconds(60));
  ASSERT_TRUE(window.Add(MakeEntry(100)));
  ASSERT_TRUE(window.Add(MakeEntry(159)));  // 100 is inside (99, 159]
  EXPECT_EQ(window.size(), 2u);
  ASSERT_TRUE(window.Add(MakeEntry(160)));  // (100, 160]: 100 is out
  EXPECT_EQ(Times(window), (std::vector<int64_t>{159, 160}));
}

TEST(SlidingWindowTest, EntryExactlyAtTheHorizonIsLate) {
  SlidingWindow window(seconds(60));
  ASSERT_TRUE(window.Add(MakeEntry(200)));
  EXPECT_FALSE(window.Add(MakeEntry(140, 7)));  // 140 = 200 - 60 is outside (140, 200]
  EXPECT_TRUE(window.Add(MakeEntry(141, 7)));
  EXPECT_EQ(window.late(), 1u);
  EXPECT_EQ(window.size(), 2u);
  EXPECT_EQ(window.sum(), 8);
}

TEST(SlidingWindowTest, OutOfOrderEntriesAreInsertedInTimeOrder) {
  SlidingWindow window(seconds(60));
  ASSERT_TRUE(window.Add(MakeEntry(100, 1, 1)));
  ASSERT_TRUE(window.Add(MakeEntry(130, 1, 2)));
  ASSERT_TRUE(window.Add(MakeEntry(110, 1, 3)));
  ASSERT_TRUE(window.Add(MakeEntry(105, 1, 4)));
  ASSERT_TRUE(window.Add(MakeEntry(130, 1, 5)));
  EXPECT_EQ(Times(window), (std::vector<int64_t>{100, 105, 110, 130, 130}));
  EXPECT_EQ(window.watermark(), At(130));  // an older entry does not move the watermark back
  EXPECT_EQ(window.oldest(), At(100));
  EXPECT_EQ(window.late(), 0u);
  EXPECT_EQ(window.events(), 5u);
  EXPECT_EQ(window.distinct(), 5u);

  // Entries with equal times keep their arrival order.
  EXPECT_EQ(window.entries()[3].key, 2u);
  EXPECT_EQ(window.entries()[4].key, 5u);

  // The inserted entries leave in time order too.
  ASSERT_TRUE(window.Add(MakeEntry(168, 1, 6)));  // horizon 108
  EXPECT_EQ(Times(window), (std::vector<int64_t>{110, 130, 130, 168}));
  EXPECT_EQ(window.distinct(), 4u);
}

TEST(SlidingWindowTest, LateEntriesAreRefusedAndCounted) {
  SlidingWindow window(seconds(10));
  ASSERT_TRUE(window.Add(MakeEntry(1000, 5, 1)));
  EXPECT_FALSE(window.Add(MakeEntry(900, 100, 2)));
  EXPECT_FALSE(window.Add(MakeEntry(990, 100, 3)));
  EXPECT_EQ(window.late(), 2u);
  EXPECT_EQ(window.size(), 1u);
  EXPECT_EQ(window.events(), 1u);
  EXPECT_EQ(window.sum(), 5);
  EXPECT_EQ(window.distinct(), 1u);
  EXPECT_EQ(window.watermark(), At(1000));
}

TEST(SlidingWindowTest, TheFirstEntryIsNeverLate) {
  SlidingWindow window(seconds(10));
  EXPECT_TRUE(window.Add(MakeEntry(-5000)));
  EXPECT_EQ(window.watermark(), At(-5000));
  EXPECT_EQ(window.late(), 0u);
}

TEST(SlidingWindowTest, ContinuationValuesAreSummedButNotCountedAsEvents) {
  SlidingWindow window(seconds(60));
  ASSERT_TRUE(window.Add(MakeEntry(100, 1, 11, /*starts_event=*/true)));
  ASSERT_TRUE(window.Add(MakeEntry(100, 1, 12, /*starts_event=*/false)));
  ASSERT_TRUE(window.Add(MakeEntry(100, 1, 13, /*starts_event=*/false)));
  EXPECT_EQ(window.events(), 1u);
  EXPECT_EQ(window.size(), 3u);
  EXPECT_EQ(window.sum(), 3);
  EXPECT_EQ(window.distinct(), 3u);

  ASSERT_TRUE(window.Add(MakeEntry(200, 1, 14)));  // all three leave together
  EXPECT_EQ(window.events(), 1u);
  EXPECT_EQ(window.size(), 1u);
  EXPECT_EQ(window.distinct(), 1u);
}

TEST(SlidingWindowTest, MaxEntriesDropsTheOldestAndCountsIt) {
  SlidingWindow window(seconds(3600), /*max_entries=*/3);
  for (int64_t t = 1; t <= 5; ++t) ASSERT_TRUE(window.Add(MakeEntry(t, static_cast<double>(t), t)));
  EXPECT_EQ(Times(window), (std::vector<int64_t>{3, 4, 5}));
  EXPECT_EQ(window.dropped(), 2u);
  EXPECT_EQ(window.late(), 0u);
  EXPECT_EQ(window.events(), 3u);
  EXPECT_EQ(window.sum(), 12);
  EXPECT_EQ(window.distinct(), 3u);
}

TEST(SlidingWindowTest, EvictionByTimeIsNotCountedAsDropped) {
  SlidingWindow window(seconds(10), /*max_entries=*/3);
  ASSERT_TRUE(window.Add(MakeEntry(1)));
  ASSERT_TRUE(window.Add(MakeEntry(2)));
  ASSERT_TRUE(window.Add(MakeEntry(100)));
  EXPECT_EQ(window.size(), 1u);
  EXPECT_EQ(window.dropped(), 0u);
}

TEST(SlidingWindowTest, FractionalSumsFollowEvictions) {
  SlidingWindow window(seconds(1));
  ASSERT_TRUE(window.Add(MakeEntry(1, 0.1)));
  ASSERT_TRUE(window.Add(MakeEntry(1, 0.2)));
  ASSERT_TRUE(window.Add(MakeEntry(1, 0.3)));
  ASSERT_TRUE(window.Add(MakeEntry(5, 0.7)));
  EXPECT_EQ(window.size(), 1u);
  EXPECT_NEAR(window.sum(), 0.7, 1e-12);
}

TEST(SlidingWindowTest, KeepsTheSourceOfEachEntry) {
  SlidingWindow window(seconds(60));
  SlidingWindow::Entry entry = MakeEntry(100);
  entry.source = PackedSourceRef{7, 3, 12345, 2};
  ASSERT_TRUE(window.Add(entry));
  EXPECT_EQ(window.entries().front().source, (PackedSourceRef{7, 3, 12345, 2}));
}

}  // namespace
}  // namespace leakhound
