/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "berth-build.h"
#include "berth-progress.h"

/* libFuzzer target for the pull/push/load progress parser and the build
 * output parser: the input is a JSON-lines stream as the engine sends it.
 * Nothing may crash or leak; fractions stay within 0 and 1. */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr (BerthProgress) progress = berth_progress_new ();
  g_autoptr (BerthBuildSpec) spec = berth_build_spec_new ("/nonexistent");
  g_autoptr (BerthBuild) build = berth_build_new (spec);
  const char *p = (const char *) data;
  const char *end = p + size;

  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);
      gsize length = newline ? (gsize) (newline - p) : (gsize) (end - p);
      g_autoptr (GError) progress_error = NULL;
      g_autoptr (GError) build_error = NULL;

      berth_progress_feed_line (progress, p, length, &progress_error);
      berth_build_feed_line (build, p, length, &build_error);
      g_assert (berth_progress_get_fraction (progress) >= 0.0);
      g_assert (berth_progress_get_fraction (progress) <= 1.0);
      p += length + 1;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (progress)); i++)
    {
      g_autoptr (BerthProgressLayer) layer = g_list_model_get_item (G_LIST_MODEL (progress), i);

      g_assert (berth_progress_layer_get_fraction (layer) >= 0.0);
      g_assert (berth_progress_layer_get_fraction (layer) <= 1.0);
    }

  return 0;
}
