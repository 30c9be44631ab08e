#include "cli/progress_reporter.h"

#include <gtest/gtest.h>

namespace leakhound {
namespace {

TEST(ProgressReporterTest, HumanCounts) {
  EXPECT_EQ(HumanCount(0), "0");
  EXPECT_EQ(HumanCount(9999), "9999");
  EXPECT_EQ(HumanCount(12345), "12.3k");
  EXPECT_EQ(HumanCount(2500000), "2.50M");
  EXPECT_EQ(HumanCount(3e9), "3.00G");
}

TEST(ProgressReporterTest, HumanBytes) {
  EXPECT_EQ(HumanBytes(512), "512 B");
  EXPECT_EQ(HumanBytes(538900), "538.9 kB");
  EXPECT_EQ(HumanBytes(292305535), "292.3 MB");
  EXPECT_EQ(HumanBytes(1.5e9), "1.50 GB");
}

}  // namespace
}  // namespace leakhound
