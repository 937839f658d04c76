/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-engine-error.h"
#include "berth-stats.h"
#include "berth-test-util.h"
#include "berth-top.h"

/* `docker stats` numbers computed as the docker CLI computes them
 * (cli/command/container/stats_helpers.go), checked against the CLI's own
 * test cases and against samples recorded with the CLI's answer beside
 * them; and the `docker top` table. */

static BerthStats *
stats_from (const char        *json,
            const BerthStats  *previous,
            GError           **error)
{
  g_autoptr (JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return berth_stats_new_from_json (json_node_get_object (node), previous, error);
}

static BerthStats *
stats_ok (const char       *json,
          const BerthStats *previous)
{
  g_autoptr (GError) error = NULL;
  BerthStats *stats = stats_from (json, previous, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stats);
  return stats;
}

/* Recorded from the test engine (Docker 20.10, cgroup v1, 2 CPUs) for a
 * container spinning in a shell loop; `docker stats --no-stream` said
 * "93.79%   728KiB / 23.54GiB   0.00%" a moment later. The networks are
 * added by hand (that engine gave the container none). */
static const char *busy_v1_sample =
  "{"
  "  \"read\": \"2026-11-29T14:00:16.885448289Z\","
  "  \"preread\": \"2026-11-29T14:00:15.882895629Z\","
  "  \"pids_stats\": { \"current\": 1 },"
  "  \"blkio_stats\": { \"io_service_bytes_recursive\": [] },"
  "  \"cpu_stats\": {"
  "    \"cpu_usage\": { \"total_usage\": 2873525777, \"percpu_usage\": [248796276, 2624729501] },"
  "    \"system_cpu_usage\": 3778150000000,"
  "    \"online_cpus\": 2"
  "  },"
  "  \"precpu_stats\": {"
  "    \"cpu_usage\": { \"total_usage\": 1915218650, \"percpu_usage\": [248796276, 1666493620] },"
  "    \"system_cpu_usage\": 3776140000000,"
  "    \"online_cpus\": 2"
  "  },"
  "  \"memory_stats\": {"
  "    \"usage\": 745472,"
  "    \"stats\": { \"cache\": 0, \"total_cache\": 0, \"inactive_file\": 0,"
  "                 \"total_inactive_file\": 0, \"rss\": 61440 },"
  "    \"limit\": 25276059648"
  "  },"
  "  \"networks\": {"
  "    \"eth0\": { \"rx_bytes\": 486, \"tx_bytes\": 42 },"
  "    \"eth1\": { \"rx_bytes\": 1000, \"tx_bytes\": 8 }"
  "  }"
  "}";

/* A cgroup v2 host (12 CPUs, no percpu_usage), as published by a user of
 * the API; the expected values are the CLI formulas done by hand. */
static const char *v2_sample =
  "{"
  "  \"read\": \"2024-08-31T22:02:27.639190522Z\","
  "  \"pids_stats\": { \"current\": 44, \"limit\": 18939 },"
  "  \"blkio_stats\": { \"io_service_bytes_recursive\": ["
  "    { \"major\": 259, \"minor\": 0, \"op\": \"read\", \"value\": 40960 },"
  "    { \"major\": 259, \"minor\": 0, \"op\": \"write\", \"value\": 4096 } ] },"
  "  \"cpu_stats\": {"
  "    \"cpu_usage\": { \"total_usage\": 63085778000 },"
  "    \"system_cpu_usage\": 107906510000000,"
  "    \"online_cpus\": 12"
  "  },"
  "  \"precpu_stats\": {"
  "    \"cpu_usage\": { \"total_usage\": 61876816000 },"
  "    \"system_cpu_usage\": 107894830000000,"
  "    \"online_cpus\": 12"
  "  },"
  "  \"memory_stats\": {"
  "    \"usage\": 1563537408,"
  "    \"stats\": { \"anon\": 1437630464, \"file\": 116547584, \"inactive_file\": 115740672 },"
  "    \"limit\": 2122317824"
  "  }"
  "}";

static void
test_cpu_recorded_v1 (void)
{
  g_autoptr (BerthStats) stats = stats_ok (busy_v1_sample, NULL);

  /* (2873525777 - 1915218650) / (3778150000000 - 3776140000000) * 2 * 100 */
  g_assert_cmpfloat_with_epsilon (stats->cpu_percent, 95.35394298507462, 1e-9);
  g_assert_cmpuint (stats->online_cpus, ==, 2);
  g_assert_cmpuint (stats->cpu_total_usage, ==, 2873525777);
  g_assert_cmpuint (stats->system_cpu_usage, ==, 3778150000000);
  g_assert_cmpint (stats->read_time, ==, G_GINT64_CONSTANT (1795960816885448));
}

static void
test_cpu_recorded_v2 (void)
{
  g_autoptr (BerthStats) stats = stats_ok (v2_sample, NULL);

  /* (63085778000 - 61876816000) / (107906510000000 - 107894830000000) * 12 * 100 */
  g_assert_cmpfloat_with_epsilon (stats->cpu_percent, 124.20842465753425, 1e-9);
  g_assert_cmpuint (stats->online_cpus, ==, 12);
}

static void
test_cpu_formula (void)
{
  /* Idle, or counters that did not move: 0, never NaN. */
  g_assert_cmpfloat (berth_stats_cpu_percent (100, 100, 2000, 1000, 4), ==, 0.0);
  g_assert_cmpfloat (berth_stats_cpu_percent (200, 100, 1000, 1000, 4), ==, 0.0);
  g_assert_cmpfloat (berth_stats_cpu_percent (100, 200, 2000, 1000, 4), ==, 0.0);
  /* One of four CPUs fully busy is 100 %, all four 400 %. */
  g_assert_cmpfloat_with_epsilon (berth_stats_cpu_percent (350, 100, 2000, 1000, 4), 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (berth_stats_cpu_percent (1100, 100, 2000, 1000, 4), 400.0, 1e-9);
}

/* Without online_cpus (older engines), the CPUs are counted from
 * percpu_usage. */
static void
test_cpu_percpu_fallback (void)
{
  g_autoptr (BerthStats) stats = stats_ok (
    "{ \"cpu_stats\": { \"cpu_usage\": { \"total_usage\": 3000, \"percpu_usage\": [1, 1, 1] },"
    "                   \"system_cpu_usage\": 20000 },"
    "  \"precpu_stats\": { \"cpu_usage\": { \"total_usage\": 1000 }, \"system_cpu_usage\": 10000 } }",
    NULL);

  g_assert_cmpuint (stats->online_cpus, ==, 3);
  g_assert_cmpfloat_with_epsilon (stats->cpu_percent, 2000.0 / 10000.0 * 3 * 100, 1e-9);
}

/* A one-shot sample has no precpu_stats: the previous sample stands in. */
static void
test_cpu_previous (void)
{
  const char *one_shot =
    "{ \"read\": \"2026-11-29T14:01:13Z\","
    "  \"cpu_stats\": { \"cpu_usage\": { \"total_usage\": 3000 }, \"system_cpu_usage\": 20000,"
    "                   \"online_cpus\": 2 },"
    "  \"precpu_stats\": { \"cpu_usage\": {} } }";
  BerthStats previous = { 0 };
  g_autoptr (BerthStats) alone = stats_ok (one_shot, NULL);
  g_autoptr (BerthStats) paired = NULL;

  /* As the CLI would: against zero, since boot. */
  g_assert_cmpfloat_with_epsilon (alone->cpu_percent, 3000.0 / 20000.0 * 2 * 100, 1e-9);

  previous.cpu_total_usage = 1000;
  previous.system_cpu_usage = 10000;
  paired = stats_ok (one_shot, &previous);
  g_assert_cmpfloat_with_epsilon (paired->cpu_percent, 2000.0 / 10000.0 * 2 * 100, 1e-9);
}

static void
test_memory_recorded (void)
{
  g_autoptr (BerthStats) v1 = stats_ok (busy_v1_sample, NULL);
  g_autoptr (BerthStats) v2 = stats_ok (v2_sample, NULL);

  /* The CLI showed 728KiB: 745472 bytes. */
  g_assert_cmpuint (v1->memory_usage, ==, 745472);
  g_assert_cmpuint (v1->memory_limit, ==, G_GUINT64_CONSTANT (25276059648));
  g_assert_cmpfloat_with_epsilon (v1->memory_percent, 745472.0 / 25276059648.0 * 100, 1e-12);

  /* cgroup v2: usage - inactive_file. */
  g_assert_cmpuint (v2->memory_usage, ==, G_GUINT64_CONSTANT (1447796736));
  g_assert_cmpfloat_with_epsilon (v2->memory_percent, 68.21771553853755, 1e-9);
}

/* The CLI's TestCalculateMemUsageUnixNoCache and
 * TestCalculateMemPercentUnixNoCache, and what its code does around them. */
static void
test_memory_cli_cases (void)
{
  g_autoptr (BerthStats) v1 = stats_ok (
    "{ \"memory_stats\": { \"usage\": 500, \"stats\": { \"total_inactive_file\": 400 } } }", NULL);
  g_autoptr (BerthStats) v2 = stats_ok (
    "{ \"memory_stats\": { \"usage\": 500, \"stats\": { \"inactive_file\": 300 } } }", NULL);
  g_autoptr (BerthStats) too_big = stats_ok (
    "{ \"memory_stats\": { \"usage\": 500, \"stats\": { \"total_inactive_file\": 600,"
    "                                                    \"inactive_file\": 100 } } }", NULL);
  g_autoptr (BerthStats) bare = stats_ok ("{ \"memory_stats\": { \"usage\": 500 } }", NULL);

  g_assert_cmpuint (v1->memory_usage, ==, 100);
  g_assert_cmpuint (v2->memory_usage, ==, 200);
  /* An inactive cache above usage is ignored; v2's counter is tried next. */
  g_assert_cmpuint (too_big->memory_usage, ==, 400);
  g_assert_cmpuint (bare->memory_usage, ==, 500);

  g_assert_cmpfloat_with_epsilon (berth_stats_memory_percent (70, 100), 70.0, 1e-6);
  g_assert_cmpfloat (berth_stats_memory_percent (70, 0), ==, 0.0);
  g_assert_cmpfloat (bare->memory_percent, ==, 0.0);
}

/* The CLI's TestCalculateBlockIO, entry for entry. */
static void
test_block_io (void)
{
  g_autoptr (BerthStats) stats = stats_ok (
    "{ \"blkio_stats\": { \"io_service_bytes_recursive\": ["
    "  { \"major\": 8, \"minor\": 0, \"op\": \"read\", \"value\": 1234 },"
    "  { \"major\": 8, \"minor\": 1, \"op\": \"read\", \"value\": 4567 },"
    "  { \"major\": 8, \"minor\": 0, \"op\": \"Read\", \"value\": 6 },"
    "  { \"major\": 8, \"minor\": 1, \"op\": \"Read\", \"value\": 8 },"
    "  { \"major\": 8, \"minor\": 0, \"op\": \"write\", \"value\": 123 },"
    "  { \"major\": 8, \"minor\": 1, \"op\": \"write\", \"value\": 456 },"
    "  { \"major\": 8, \"minor\": 0, \"op\": \"Write\", \"value\": 6 },"
    "  { \"major\": 8, \"minor\": 1, \"op\": \"Write\", \"value\": 8 },"
    "  { \"major\": 8, \"minor\": 1, \"op\": \"\", \"value\": 456 },"
    "  { \"major\": 8, \"minor\": 1, \"op\": \"Total\", \"value\": 99999 } ] } }",
    NULL);

  g_assert_cmpuint (stats->block_read, ==, 5815);
  g_assert_cmpuint (stats->block_write, ==, 593);
}

static void
test_network_and_pids (void)
{
  g_autoptr (BerthStats) v1 = stats_ok (busy_v1_sample, NULL);
  g_autoptr (BerthStats) v2 = stats_ok (v2_sample, NULL);

  g_assert_cmpuint (v1->network_rx, ==, 1486);
  g_assert_cmpuint (v1->network_tx, ==, 50);
  g_assert_cmpuint (v1->pids, ==, 1);
  g_assert_cmpuint (v2->network_rx, ==, 0);
  g_assert_cmpuint (v2->pids, ==, 44);
  g_assert_cmpuint (v2->block_read, ==, 40960);
  g_assert_cmpuint (v2->block_write, ==, 4096);
}

/* What the engine sends for a container that is not running. */
static void
test_not_running (void)
{
  g_autoptr (BerthStats) stats = stats_ok (
    "{ \"read\": \"0001-01-01T00:00:00Z\", \"preread\": \"0001-01-01T00:00:00Z\","
    "  \"pids_stats\": {}, \"blkio_stats\": { \"io_service_bytes_recursive\": null },"
    "  \"cpu_stats\": { \"cpu_usage\": { \"total_usage\": 0 }, \"throttling_data\": {} },"
    "  \"precpu_stats\": { \"cpu_usage\": { \"total_usage\": 0 } },"
    "  \"memory_stats\": {} }", NULL);

  g_assert_cmpint (stats->read_time, ==, 0);
  g_assert_cmpfloat (stats->cpu_percent, ==, 0.0);
  g_assert_cmpfloat (stats->memory_percent, ==, 0.0);
  g_assert_cmpuint (stats->pids, ==, 0);
}

static void
test_bad_data (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthStats) stats = stats_from ("{ \"memory_stats\": { \"usage\": \"lots\" } }", NULL, &error);

  g_assert_null (stats);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "usage"));
}

static void
test_top (void)
{
  g_autoptr (JsonNode) node = json_from_string (
    "{ \"Titles\": [\"UID\", \"PID\", \"PPID\", \"C\", \"STIME\", \"TTY\", \"TIME\", \"CMD\"],"
    "  \"Processes\": [[\"root\", \"30456\", \"30436\", \"0\", \"13:50\", \"?\", \"00:00:00\", \"sleep 600\"],"
    "                  [\"root\", \"30500\", \"30456\", \"0\", \"13:51\"]] }", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthTop) top = berth_top_new_from_json (json_node_get_object (node), &error);
  g_autoptr (BerthTop) copy = NULL;
  char **short_row;

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (top->titles), ==, 8);
  g_assert_cmpuint (top->processes->len, ==, 2);
  g_assert_cmpint (berth_top_find_column (top, "CMD"), ==, 7);
  g_assert_cmpint (berth_top_find_column (top, "COMMAND"), ==, -1);
  g_assert_cmpstr (((char **) top->processes->pdata[0])[7], ==, "sleep 600");

  /* A short row is padded: every row has a field for every title. */
  short_row = top->processes->pdata[1];
  g_assert_cmpuint (g_strv_length (short_row), ==, 8);
  g_assert_cmpstr (short_row[7], ==, "");

  copy = berth_top_copy (top);
  g_assert_cmpstr (((char **) copy->processes->pdata[1])[1], ==, "30500");
}

static void
test_top_bad (void)
{
  g_autoptr (JsonNode) node = json_from_string (
    "{ \"Titles\": [\"PID\"], \"Processes\": [\"1\"] }", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthTop) top = berth_top_new_from_json (json_node_get_object (node), &error);

  g_assert_null (top);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/stats/cpu/recorded-cgroup-v1", test_cpu_recorded_v1);
  g_test_add_func ("/stats/cpu/recorded-cgroup-v2", test_cpu_recorded_v2);
  g_test_add_func ("/stats/cpu/formula", test_cpu_formula);
  g_test_add_func ("/stats/cpu/percpu-fallback", test_cpu_percpu_fallback);
  g_test_add_func ("/stats/cpu/previous", test_cpu_previous);
  g_test_add_func ("/stats/memory/recorded", test_memory_recorded);
  g_test_add_func ("/stats/memory/cli-cases", test_memory_cli_cases);
  g_test_add_func ("/stats/block-io", test_block_io);
  g_test_add_func ("/stats/network-and-pids", test_network_and_pids);
  g_test_add_func ("/stats/not-running", test_not_running);
  g_test_add_func ("/stats/bad-data", test_bad_data);
  g_test_add_func ("/top/parse", test_top);
  g_test_add_func ("/top/bad", test_top_bad);

  return g_test_run ();
}
