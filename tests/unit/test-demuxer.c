/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "berth-demuxer.h"
#include "berth-engine-error.h"
#include "berth-test-util.h"

/* The multiplexed stream of logs and exec without a TTY, fed in every way
 * a socket may cut it. */

typedef struct
{
  BerthStreamType  stream;
  GString         *data;
  gboolean         continued;
} Frame;

static void
frame_free (Frame *frame)
{
  g_string_free (frame->data, TRUE);
  g_free (frame);
}

static GPtrArray *
frames_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) frame_free);
}

static void
collect_cb (const BerthFrame *frame,
            gpointer          user_data)
{
  GPtrArray *frames = user_data;
  Frame *copy = g_new0 (Frame, 1);

  copy->stream = frame->stream;
  copy->data = g_string_new_len ((const char *) frame->data, frame->length);
  copy->continued = frame->continued;
  g_ptr_array_add (frames, copy);
}

static void
append_frame (GByteArray      *stream,
              BerthStreamType  type,
              const char      *payload,
              gsize            length)
{
  guint8 header[8] = { type, 0, 0, 0,
                       (length >> 24) & 0xff, (length >> 16) & 0xff,
                       (length >> 8) & 0xff, length & 0xff };

  g_byte_array_append (stream, header, sizeof header);
  g_byte_array_append (stream, (const guint8 *) payload, length);
}

#define append_text(stream, type, text) append_frame (stream, type, text, strlen (text))

static GByteArray *
sample_stream (void)
{
  GByteArray *stream = g_byte_array_new ();

  append_text (stream, BERTH_STREAM_STDOUT, "out one\n");
  append_text (stream, BERTH_STREAM_STDERR, "err one\n");
  append_text (stream, BERTH_STREAM_STDERR, "err two\n");
  append_text (stream, BERTH_STREAM_STDOUT, "out two\n");
  return stream;
}

static void
assert_frame (GPtrArray       *frames,
              guint            index,
              BerthStreamType  stream,
              const char      *data,
              gboolean         continued)
{
  Frame *frame;

  g_assert_cmpuint (index, <, frames->len);
  frame = g_ptr_array_index (frames, index);
  g_assert_cmpint (frame->stream, ==, stream);
  g_assert_cmpstr (frame->data->str, ==, data);
  g_assert_cmpint (frame->continued, ==, continued);
}

static void
assert_sample_frames (GPtrArray *frames)
{
  g_assert_cmpuint (frames->len, ==, 4);
  assert_frame (frames, 0, BERTH_STREAM_STDOUT, "out one\n", FALSE);
  assert_frame (frames, 1, BERTH_STREAM_STDERR, "err one\n", FALSE);
  assert_frame (frames, 2, BERTH_STREAM_STDERR, "err two\n", FALSE);
  assert_frame (frames, 3, BERTH_STREAM_STDOUT, "out two\n", FALSE);
}

static void
test_demuxer_whole (void)
{
  g_autoptr (BerthDemuxer) demuxer = berth_demuxer_new (FALSE);
  g_autoptr (GByteArray) stream = sample_stream ();
  g_autoptr (GPtrArray) frames = frames_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (berth_demuxer_feed (demuxer, stream->data, stream->len, collect_cb, frames, &error));
  g_assert_no_error (error);
  g_assert_true (berth_demuxer_finish (demuxer, collect_cb, frames, &error));
  g_assert_no_error (error);
  assert_sample_frames (frames);
}

/* Two reads, cut at every position: inside a header, between header and
 * payload, inside a payload. Frames still come out whole. */
static void
test_demuxer_split_everywhere (void)
{
  g_autoptr (GByteArray) stream = sample_stream ();

  for (guint cut = 0; cut <= stream->len; cut++)
    {
      g_autoptr (BerthDemuxer) demuxer = berth_demuxer_new (FALSE);
      g_autoptr (GPtrArray) frames = frames_new ();
      g_autoptr (GError) error = NULL;

      g_assert_true (berth_demuxer_feed (demuxer, stream->data, cut, collect_cb, frames, &error));
      g_assert_true (berth_demuxer_feed (demuxer, stream->data + cut, stream->len - cut,
                                         collect_cb, frames, &error));
      g_assert_true (berth_demuxer_finish (demuxer, collect_cb, frames, &error));
      g_assert_no_error (error);
      assert_sample_frames (frames);
    }
}

static void
test_demuxer_byte_by_byte (void)
{
  g_autoptr (BerthDemuxer) demuxer = berth_demuxer_new (FALSE);
  g_autoptr (GByteArray) stream = sample_stream ();
  g_autoptr (GPtrArray) frames = frames_new ();
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < stream->len; i++)
    g_assert_true (berth_demuxer_feed (demuxer, stream->data + i, 1, collect_cb, frames, &error));
  g_assert_true (berth_demuxer_finish (demuxer, collect_cb, frames, &error));
  g_assert_no_error (error);
  assert_sample_frames (frames);
}

static void
test_demuxer_zero_length (void)
{
  g_autoptr (BerthDemuxer) demuxer = berth_demuxer_new (FALSE);
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_autoptr (GPtrArray) frames = frames_new ();
  g_autoptr (GError) error = NULL;

  append_frame (stream, BERTH_STREAM_STDOUT, "", 0);
  append_text (stream, BERTH_STREAM_STDERR, "a");
  append_frame (stream, BERTH_STREAM_STDERR, "", 0);
  append_frame (stream, BERTH_STREAM_STDOUT, "", 0);
  append_text (stream, BERTH_STREAM_STDOUT, "b");
  append_frame (stream, BERTH_STREAM_STDOUT, "", 0);

  /* Fed in one go and in 3-byte reads alike. */
  for (guint step = 3; step <= stream->len; step += stream->len - 3)
    {
      g_ptr_array_set_size (frames, 0);
      for (guint i = 0; i < stream->len; i += step)
        g_assert_true (berth_demuxer_feed (demuxer, stream->data + i, MIN (step, stream->len - i),
                                           collect_cb, frames, &error));
      g_assert_true (berth_demuxer_finish (demuxer, collect_cb, frames, &error));
      g_assert_no_error (error);

      g_assert_cmpuint (frames->len, ==, 2);
      assert_frame (frames, 0, BERTH_STREAM_STDERR, "a", FALSE);
      assert_frame (frames, 1, BERTH_STREAM_STDOUT, "b", FALSE);
    }
}

static void
test_demuxer_truncated_header (void)
{
  g_autoptr (BerthDemuxer) demuxer = berth_demuxer_new (FALSE);
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_autoptr (GPtrArray) frames = frames_new ();
  g_autoptr (GError) error = NULL;

  append_text (stream, BERTH_STREAM_STDOUT, "complete\n");
  g_assert_true (berth_demuxer_feed (demuxer, stream->data, stream->len, collect_cb, frames, &error));
  /* Five bytes of the next header, then the end. */
  g_assert_true (berth_demuxer_feed (demuxer, (const guint8 *) "\2\0\0\0\0", 5, collect_cb, frames, &error));
  g_assert_no_error (error);

  g_assert_false (berth_demuxer_finish (demuxer, collect_cb, frames, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "5 of 8"));
  g_assert_cmpuint (frames->len, ==, 1);
  assert_frame (frames, 0, BERTH_STREAM_STDOUT, "complete\n", FALSE);
}

static void
test_demuxer_truncated_payload (void)
{
  g_autoptr (BerthDemuxer) demuxer = berth_demuxer_new (FALSE);
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_autoptr (GPtrArray) frames = frames_new ();
  g_autoptr (GError) error = NULL;

  append_text (stream, BERTH_STREAM_STDERR, "cut short");
  g_assert_true (berth_demuxer_feed (demuxer, stream->data, stream->len - 5, collect_cb, frames, &error));
  g_assert_cmpuint (frames->len, ==, 0);

  /* What did arrive is still passed on, then the error. */
  g_assert_false (berth_demuxer_finish (demuxer, collect_cb, frames, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_assert_cmpuint (frames->len, ==, 1);
  assert_frame (frames, 0, BERTH_STREAM_STDERR, "cut ", FALSE);
}

static void
test_demuxer_not_framed (void)
{
  g_autoptr (BerthDemuxer) demuxer = berth_demuxer_new (FALSE);
  g_autoptr (GPtrArray) frames = frames_new ();
  g_autoptr (GError) error = NULL;
  const char *text = "hello, this is a TTY stream\n";

  g_assert_false (berth_demuxer_feed (demuxer, (const guint8 *) text, strlen (text),
                                      collect_cb, frames, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_assert_cmpuint (frames->len, ==, 0);
  g_clear_error (&error);

  /* Once corrupt, always corrupt: no output from garbage. */
  g_assert_false (berth_demuxer_feed (demuxer, (const guint8 *) "\1\0\0\0\0\0\0\1x", 9,
                                      collect_cb, frames, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_assert_cmpuint (frames->len, ==, 0);
}

static void
test_demuxer_raw (void)
{
  g_autoptr (BerthDemuxer) demuxer = berth_demuxer_new (TRUE);
  g_autoptr (GPtrArray) frames = frames_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (berth_demuxer_get_raw (demuxer));
  g_assert_true (berth_demuxer_feed (demuxer, (const guint8 *) "\1\0\0\0", 4, collect_cb, frames, &error));
  g_assert_true (berth_demuxer_feed (demuxer, (const guint8 *) "", 0, collect_cb, frames, &error));
  g_assert_true (berth_demuxer_feed (demuxer, (const guint8 *) "$ ", 2, collect_cb, frames, &error));
  g_assert_true (berth_demuxer_finish (demuxer, collect_cb, frames, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (frames->len, ==, 2);
  g_assert_cmpuint (((Frame *) frames->pdata[0])->data->len, ==, 4);
  g_assert_cmpint (((Frame *) frames->pdata[0])->stream, ==, BERTH_STREAM_STDOUT);
  g_assert_false (((Frame *) frames->pdata[0])->continued);
  assert_frame (frames, 1, BERTH_STREAM_STDOUT, "$ ", TRUE);
}

/* A frame over the limit is passed on as it arrives, not buffered. */
static void
test_demuxer_oversized (void)
{
  g_autoptr (BerthDemuxer) demuxer = berth_demuxer_new (FALSE);
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_autoptr (GPtrArray) frames = frames_new ();
  g_autoptr (GError) error = NULL;

  berth_demuxer_set_max_frame (demuxer, 4);
  append_text (stream, BERTH_STREAM_STDOUT, "0123456789");
  append_text (stream, BERTH_STREAM_STDERR, "abc");

  g_assert_true (berth_demuxer_feed (demuxer, stream->data, 12, collect_cb, frames, &error));
  g_assert_true (berth_demuxer_feed (demuxer, stream->data + 12, stream->len - 12, collect_cb, frames, &error));
  g_assert_true (berth_demuxer_finish (demuxer, collect_cb, frames, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (frames->len, ==, 3);
  assert_frame (frames, 0, BERTH_STREAM_STDOUT, "0123", FALSE);
  assert_frame (frames, 1, BERTH_STREAM_STDOUT, "456789", TRUE);
  assert_frame (frames, 2, BERTH_STREAM_STDERR, "abc", FALSE);
}

static void
test_demuxer_system_stream (void)
{
  g_autoptr (BerthDemuxer) demuxer = berth_demuxer_new (FALSE);
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_autoptr (GPtrArray) frames = frames_new ();
  g_autoptr (GError) error = NULL;

  append_text (stream, BERTH_STREAM_SYSTEM, "oci runtime error");
  g_assert_true (berth_demuxer_feed (demuxer, stream->data, stream->len, collect_cb, frames, &error));
  g_assert_no_error (error);
  assert_frame (frames, 0, BERTH_STREAM_SYSTEM, "oci runtime error", FALSE);

  /* Stream type 4 does not exist. */
  g_assert_false (berth_demuxer_feed (demuxer, (const guint8 *) "\4\0\0\0\0\0\0\0", 8,
                                      collect_cb, frames, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
}

/* Log decoder -------------------------------------------------------------- */

#define TS1 "2024-05-01T10:00:00.123456789Z"
#define TS2 "2024-05-01T10:00:01.000000001Z"

typedef struct
{
  GString *out;
  GString *err;
  GString *order;     /* one letter per chunk: o, e */
  GPtrArray *lines;
} Collected;

static void
collected_init (Collected *c)
{
  c->out = g_string_new (NULL);
  c->err = g_string_new (NULL);
  c->order = g_string_new (NULL);
  c->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_log_line_free);
}

static void
collected_clear (Collected *c)
{
  g_string_free (c->out, TRUE);
  g_string_free (c->err, TRUE);
  g_string_free (c->order, TRUE);
  g_ptr_array_unref (c->lines);
}

static void
take (BerthLogDecoder *decoder,
      Collected       *c)
{
  g_autoptr (GPtrArray) output = berth_log_decoder_take_output (decoder);
  g_autoptr (GPtrArray) lines = berth_log_decoder_take_lines (decoder);

  for (guint i = 0; i < output->len; i++)
    {
      BerthOutputChunk *chunk = g_ptr_array_index (output, i);
      gsize length;
      const char *data = g_bytes_get_data (chunk->data, &length);

      g_assert_cmpuint (length, >, 0);
      g_string_append_len (chunk->stream == BERTH_STREAM_STDERR ? c->err : c->out, data, length);
      g_string_append_c (c->order, chunk->stream == BERTH_STREAM_STDERR ? 'e' : 'o');
    }
  for (guint i = 0; i < lines->len; i++)
    g_ptr_array_add (c->lines, berth_log_line_copy (g_ptr_array_index (lines, i)));
}

/* Feeds @stream in pieces of @step bytes, taking output after each. */
static void
decode (BerthLogDecoder *decoder,
        GByteArray      *stream,
        guint            step,
        Collected       *c)
{
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < stream->len; i += step)
    {
      g_assert_true (berth_log_decoder_feed (decoder, stream->data + i,
                                             MIN (step, stream->len - i), &error));
      g_assert_no_error (error);
      take (decoder, c);
    }
  g_assert_true (berth_log_decoder_finish (decoder, &error));
  g_assert_no_error (error);
  take (decoder, c);
}

static void
assert_line (GPtrArray       *lines,
             guint            index,
             BerthStreamType  stream,
             const char      *timestamp,
             const char      *text)
{
  BerthLogLine *line;

  g_assert_cmpuint (index, <, lines->len);
  line = g_ptr_array_index (lines, index);
  g_assert_cmpint (line->stream, ==, stream);
  g_assert_cmpstr (line->timestamp, ==, timestamp);
  g_assert_cmpstr (line->text, ==, text);
}

static GByteArray *
timestamped_stream (void)
{
  GByteArray *stream = g_byte_array_new ();

  append_text (stream, BERTH_STREAM_STDOUT, TS1 " out one\n");
  append_text (stream, BERTH_STREAM_STDERR, TS1 " err one\n");
  append_text (stream, BERTH_STREAM_STDOUT, TS2 " out two\n");
  return stream;
}

static void
test_decoder_timestamps (void)
{
  g_autoptr (GByteArray) stream = timestamped_stream ();

  for (guint step = 1; step <= stream->len; step++)
    {
      g_autoptr (BerthLogDecoder) decoder =
        berth_log_decoder_new (FALSE, BERTH_LOG_DECODER_TIMESTAMPS | BERTH_LOG_DECODER_LINES);
      Collected c;

      collected_init (&c);
      decode (decoder, stream, step, &c);

      g_assert_cmpstr (c.out->str, ==, "out one\nout two\n");
      g_assert_cmpstr (c.err->str, ==, "err one\n");
      g_assert_cmpuint (c.lines->len, ==, 3);
      assert_line (c.lines, 0, BERTH_STREAM_STDOUT, TS1, "out one");
      assert_line (c.lines, 1, BERTH_STREAM_STDERR, TS1, "err one");
      assert_line (c.lines, 2, BERTH_STREAM_STDOUT, TS2, "out two");
      g_assert_cmpstr (berth_log_decoder_get_last_timestamp (decoder), ==, TS2);
      collected_clear (&c);
    }
}

static void
test_decoder_keep_timestamps (void)
{
  g_autoptr (GByteArray) stream = timestamped_stream ();
  g_autoptr (BerthLogDecoder) decoder =
    berth_log_decoder_new (FALSE, BERTH_LOG_DECODER_TIMESTAMPS | BERTH_LOG_DECODER_KEEP_TIMESTAMPS);
  Collected c;

  collected_init (&c);
  decode (decoder, stream, 7, &c);
  g_assert_cmpstr (c.out->str, ==, TS1 " out one\n" TS2 " out two\n");
  g_assert_cmpstr (c.err->str, ==, TS1 " err one\n");
  /* No lines unless asked for. */
  g_assert_cmpuint (c.lines->len, ==, 0);
  collected_clear (&c);
}

/* Consecutive frames of one stream come out as one chunk, and a switch of
 * stream always starts a new one: stderr stays distinguishable. */
static void
test_decoder_interleaving (void)
{
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_autoptr (BerthLogDecoder) decoder = berth_log_decoder_new (FALSE, BERTH_LOG_DECODER_NONE);
  Collected c;

  append_text (stream, BERTH_STREAM_STDOUT, "1");
  append_text (stream, BERTH_STREAM_STDOUT, "2");
  append_text (stream, BERTH_STREAM_STDERR, "3");
  append_text (stream, BERTH_STREAM_STDOUT, "4");
  append_text (stream, BERTH_STREAM_STDERR, "5");
  append_text (stream, BERTH_STREAM_STDERR, "6");

  collected_init (&c);
  decode (decoder, stream, stream->len, &c);
  g_assert_cmpstr (c.order->str, ==, "oeoe");
  g_assert_cmpstr (c.out->str, ==, "124");
  g_assert_cmpstr (c.err->str, ==, "356");
  collected_clear (&c);
}

/* A TTY log: no frames; every line has its timestamp; lines end "\r\n". */
static void
test_decoder_raw_timestamps (void)
{
  const char *text = TS1 " $ ls\r\n" TS2 " bin  etc\r\n" TS2 " \r\n" TS2 " no newline";
  g_autoptr (GByteArray) stream = g_byte_array_new ();

  g_byte_array_append (stream, (const guint8 *) text, strlen (text));
  for (guint step = 1; step <= stream->len; step++)
    {
      g_autoptr (BerthLogDecoder) decoder =
        berth_log_decoder_new (TRUE, BERTH_LOG_DECODER_TIMESTAMPS | BERTH_LOG_DECODER_LINES);
      Collected c;

      collected_init (&c);
      decode (decoder, stream, step, &c);
      g_assert_cmpstr (c.out->str, ==, "$ ls\r\nbin  etc\r\n\r\nno newline");
      g_assert_cmpstr (c.err->str, ==, "");
      g_assert_cmpuint (c.lines->len, ==, 4);
      assert_line (c.lines, 0, BERTH_STREAM_STDOUT, TS1, "$ ls");
      assert_line (c.lines, 1, BERTH_STREAM_STDOUT, TS2, "bin  etc");
      assert_line (c.lines, 2, BERTH_STREAM_STDOUT, TS2, "");
      assert_line (c.lines, 3, BERTH_STREAM_STDOUT, TS2, "no newline");
      collected_clear (&c);
    }
}

/* The engine cuts a long line into partial messages, each with its own
 * timestamp; the line is whole again, with the first one. */
static void
test_decoder_partial_messages (void)
{
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_autoptr (BerthLogDecoder) decoder =
    berth_log_decoder_new (FALSE, BERTH_LOG_DECODER_TIMESTAMPS | BERTH_LOG_DECODER_LINES);
  Collected c;

  append_text (stream, BERTH_STREAM_STDOUT, TS1 " first half, ");
  append_text (stream, BERTH_STREAM_STDERR, TS1 " meanwhile\n");
  append_text (stream, BERTH_STREAM_STDOUT, TS2 " second half\n");

  collected_init (&c);
  decode (decoder, stream, 5, &c);
  g_assert_cmpstr (c.out->str, ==, "first half, second half\n");
  g_assert_cmpuint (c.lines->len, ==, 2);
  assert_line (c.lines, 0, BERTH_STREAM_STDERR, TS1, "meanwhile");
  assert_line (c.lines, 1, BERTH_STREAM_STDOUT, TS1, "first half, second half");
  collected_clear (&c);
}

/* What does not look like a timestamp is left alone. */
static void
test_decoder_not_timestamps (void)
{
  const char *text = "plain line\nanother-line-that-is-longer-than-any-timestamp-could-be-really\n \n";
  g_autoptr (GByteArray) stream = g_byte_array_new ();

  g_byte_array_append (stream, (const guint8 *) text, strlen (text));
  for (guint step = 1; step <= stream->len; step += 5)
    {
      g_autoptr (BerthLogDecoder) decoder =
        berth_log_decoder_new (TRUE, BERTH_LOG_DECODER_TIMESTAMPS | BERTH_LOG_DECODER_LINES);
      Collected c;

      collected_init (&c);
      decode (decoder, stream, step, &c);
      g_assert_cmpstr (c.out->str, ==, text);
      g_assert_cmpuint (c.lines->len, ==, 3);
      assert_line (c.lines, 0, BERTH_STREAM_STDOUT, NULL, "plain line");
      assert_line (c.lines, 2, BERTH_STREAM_STDOUT, NULL, " ");
      g_assert_null (berth_log_decoder_get_last_timestamp (decoder));
      collected_clear (&c);
    }
}

static void
test_decoder_long_line (void)
{
  g_autoptr (BerthLogDecoder) decoder = berth_log_decoder_new (TRUE, BERTH_LOG_DECODER_LINES);
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_autofree char *long_line = g_strnfill (BERTH_LOG_MAX_LINE + 10, 'x');
  Collected c;

  g_byte_array_append (stream, (const guint8 *) long_line, strlen (long_line));
  g_byte_array_append (stream, (const guint8 *) "\n", 1);

  collected_init (&c);
  decode (decoder, stream, 4096, &c);
  g_assert_cmpuint (c.lines->len, ==, 2);
  g_assert_cmpuint (strlen (((BerthLogLine *) c.lines->pdata[0])->text), ==, BERTH_LOG_MAX_LINE);
  assert_line (c.lines, 1, BERTH_STREAM_STDOUT, NULL, "xxxxxxxxxx");
  collected_clear (&c);
}

static void
test_decoder_truncated (void)
{
  g_autoptr (BerthLogDecoder) decoder = berth_log_decoder_new (FALSE, BERTH_LOG_DECODER_LINES);
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GError) error = NULL;

  append_text (stream, BERTH_STREAM_STDOUT, "whole\n");
  g_byte_array_append (stream, (const guint8 *) "\1\0\0", 3);
  g_assert_true (berth_log_decoder_feed (decoder, stream->data, stream->len, &error));
  g_assert_false (berth_log_decoder_finish (decoder, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);

  lines = berth_log_decoder_take_lines (decoder);
  g_assert_cmpuint (lines->len, ==, 1);
  assert_line (lines, 0, BERTH_STREAM_STDOUT, NULL, "whole");
}

static void
test_timestamp_to_since (void)
{
  g_autofree char *since = berth_log_timestamp_to_since ("2024-05-01T10:00:00.123456789Z", FALSE);
  g_autofree char *after = berth_log_timestamp_to_since ("2024-05-01T10:00:00.123456789Z", TRUE);
  g_autofree char *carry = berth_log_timestamp_to_since ("2024-05-01T10:00:00.999999999Z", TRUE);
  g_autofree char *short_fraction = berth_log_timestamp_to_since ("2024-05-01T10:00:00.5Z", FALSE);
  g_autofree char *no_fraction = berth_log_timestamp_to_since ("2024-05-01T12:00:00+02:00", FALSE);
  g_autofree char *bad = berth_log_timestamp_to_since ("yesterday", FALSE);

  g_assert_cmpstr (since, ==, "1714557600.123456789");
  g_assert_cmpstr (after, ==, "1714557600.123456790");
  g_assert_cmpstr (carry, ==, "1714557601.000000000");
  g_assert_cmpstr (short_fraction, ==, "1714557600.500000000");
  g_assert_cmpstr (no_fraction, ==, "1714557600.000000000");
  g_assert_null (bad);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/demuxer/whole", test_demuxer_whole);
  g_test_add_func ("/demuxer/split-everywhere", test_demuxer_split_everywhere);
  g_test_add_func ("/demuxer/byte-by-byte", test_demuxer_byte_by_byte);
  g_test_add_func ("/demuxer/zero-length", test_demuxer_zero_length);
  g_test_add_func ("/demuxer/truncated-header", test_demuxer_truncated_header);
  g_test_add_func ("/demuxer/truncated-payload", test_demuxer_truncated_payload);
  g_test_add_func ("/demuxer/not-framed", test_demuxer_not_framed);
  g_test_add_func ("/demuxer/raw", test_demuxer_raw);
  g_test_add_func ("/demuxer/oversized", test_demuxer_oversized);
  g_test_add_func ("/demuxer/system-stream", test_demuxer_system_stream);
  g_test_add_func ("/log-decoder/timestamps", test_decoder_timestamps);
  g_test_add_func ("/log-decoder/keep-timestamps", test_decoder_keep_timestamps);
  g_test_add_func ("/log-decoder/interleaving", test_decoder_interleaving);
  g_test_add_func ("/log-decoder/raw-timestamps", test_decoder_raw_timestamps);
  g_test_add_func ("/log-decoder/partial-messages", test_decoder_partial_messages);
  g_test_add_func ("/log-decoder/not-timestamps", test_decoder_not_timestamps);
  g_test_add_func ("/log-decoder/long-line", test_decoder_long_line);
  g_test_add_func ("/log-decoder/truncated", test_decoder_truncated);
  g_test_add_func ("/log-decoder/timestamp-to-since", test_timestamp_to_since);

  return g_test_run ();
}
