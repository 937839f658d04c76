/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-demuxer.h"

/* libFuzzer target for the output demuxer and log decoder: the first byte
 * chooses raw or framed and the decoder flags, the second how the rest is
 * cut into reads. Nothing may crash, leak or read out of bounds, and the
 * output may never be bigger than the input. */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
count_cb (const BerthFrame *frame,
          gpointer          user_data)
{
  gsize *total = user_data;

  g_assert (frame->length > 0);
  *total += frame->length;
}

static void
fuzz_demuxer (gboolean      raw,
              gsize         step,
              const guint8 *data,
              gsize         size)
{
  g_autoptr (BerthDemuxer) demuxer = berth_demuxer_new (raw);
  gsize total = 0;

  berth_demuxer_set_max_frame (demuxer, 64);
  for (gsize i = 0; i < size; i += step)
    if (!berth_demuxer_feed (demuxer, data + i, MIN (step, size - i), count_cb, &total, NULL))
      break;
  berth_demuxer_finish (demuxer, count_cb, &total, NULL);
  g_assert (total <= size);
}

static void
fuzz_decoder (gboolean              raw,
              BerthLogDecoderFlags  flags,
              gsize                 step,
              const guint8         *data,
              gsize                 size)
{
  g_autoptr (BerthLogDecoder) decoder = berth_log_decoder_new (raw, flags);
  gsize total = 0;

  for (gsize i = 0; i < size; i += step)
    {
      g_autoptr (GPtrArray) output = NULL;
      g_autoptr (GPtrArray) lines = NULL;
      gboolean ok = berth_log_decoder_feed (decoder, data + i, MIN (step, size - i), NULL);

      output = berth_log_decoder_take_output (decoder);
      lines = berth_log_decoder_take_lines (decoder);
      for (guint j = 0; j < output->len; j++)
        total += g_bytes_get_size (((BerthOutputChunk *) output->pdata[j])->data);
      if (!ok)
        break;
    }
  berth_log_decoder_finish (decoder, NULL);
  g_assert (total <= size);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  gboolean raw;
  BerthLogDecoderFlags flags;
  gsize step;

  if (size < 2)
    return 0;

  raw = data[0] & 1;
  flags = (data[0] >> 1) & (BERTH_LOG_DECODER_TIMESTAMPS | BERTH_LOG_DECODER_KEEP_TIMESTAMPS |
                          BERTH_LOG_DECODER_LINES);
  step = data[1] + 1;
  data += 2;
  size -= 2;

  fuzz_demuxer (raw, step, data, size);
  fuzz_decoder (raw, flags, step, data, size);
  return 0;
}
