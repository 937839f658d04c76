/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-demuxer.h"
#include "berth-engine-error.h"

/* The engine multiplexes stdout and stderr of a container without a TTY
 * into one byte stream: each frame is an 8-byte header {stream type, 0, 0,
 * 0, payload size as a big-endian uint32} and the payload. With a TTY there
 * is no framing at all. This parser is fed whatever each read returned and
 * never needs more than one frame (up to a limit) in memory. */

#define HEADER_SIZE 8

struct _BerthDemuxer
{
  gboolean         raw;
  gboolean         failed;
  gboolean         started;     /* raw: some output was passed on already */
  gsize            max_frame;

  guint8           header[HEADER_SIZE];
  guint            header_length;

  gboolean         in_payload;
  BerthStreamType  stream;
  guint32          frame_size;
  guint32          remaining;   /* payload bytes of this frame still to come */
  gboolean         continued;   /* part of this frame was passed on already */
  GByteArray      *pending;     /* the part of this frame received so far */
};

/**
 * berth_demuxer_new:
 * @raw: %TRUE for a TTY stream, which has no framing
 *
 * Returns: (transfer full): a new demuxer
 */
BerthDemuxer *
berth_demuxer_new (gboolean raw)
{
  BerthDemuxer *self = g_new0 (BerthDemuxer, 1);

  self->raw = !!raw;
  self->max_frame = BERTH_DEMUXER_DEFAULT_MAX_FRAME;
  self->pending = g_byte_array_new ();
  return self;
}

void
berth_demuxer_free (BerthDemuxer *self)
{
  if (self == NULL)
    return;

  g_byte_array_unref (self->pending);
  g_free (self);
}

gboolean
berth_demuxer_get_raw (BerthDemuxer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->raw;
}

/* Frames bigger than @max_frame are passed on in pieces as they arrive. */
void
berth_demuxer_set_max_frame (BerthDemuxer *self,
                             gsize         max_frame)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_frame > 0);

  self->max_frame = max_frame;
}

static void
emit (BerthDemuxer   *self,
      const guint8   *data,
      gsize           length,
      BerthFrameFunc  func,
      gpointer        user_data)
{
  BerthFrame frame = { self->stream, data, length, self->continued };

  self->continued = TRUE;
  func (&frame, user_data);
}

static gboolean
fail (BerthDemuxer  *self,
      GError       **error,
      const char    *message)
{
  self->failed = TRUE;
  g_set_error_literal (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA, message);
  return FALSE;
}

static gboolean
start_frame (BerthDemuxer  *self,
             GError       **error)
{
  const guint8 *h = self->header;

  self->header_length = 0;
  if (h[0] > BERTH_STREAM_SYSTEM || h[1] != 0 || h[2] != 0 || h[3] != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("The engine sent output that is not in frames "
                           "(a frame starts with a stream number 0–3 and three zero bytes, "
                           "not %02x %02x %02x %02x)"),
                         h[0], h[1], h[2], h[3]);
      return fail (self, error, message);
    }

  self->stream = (BerthStreamType) h[0];
  self->frame_size = ((guint32) h[4] << 24) | ((guint32) h[5] << 16) |
                     ((guint32) h[6] << 8) | (guint32) h[7];
  self->remaining = self->frame_size;
  self->continued = FALSE;
  /* A zero-length frame carries nothing: there is nothing to pass on. */
  self->in_payload = self->frame_size > 0;
  return TRUE;
}

/* Takes payload bytes from @data; returns how many it used. */
static gsize
take_payload (BerthDemuxer   *self,
              const guint8   *data,
              gsize           length,
              BerthFrameFunc  func,
              gpointer        user_data)
{
  gsize n = MIN (length, (gsize) self->remaining);
  gboolean oversized = self->frame_size > self->max_frame;

  if (self->pending->len == 0 && (n == self->remaining || oversized))
    {
      /* Whole frame in this chunk, or too big to keep: no copy. */
      emit (self, data, n, func, user_data);
    }
  else
    {
      g_byte_array_append (self->pending, data, n);
      if (n == self->remaining)
        {
          emit (self, self->pending->data, self->pending->len, func, user_data);
          g_byte_array_set_size (self->pending, 0);
        }
    }

  self->remaining -= n;
  if (self->remaining == 0)
    self->in_payload = FALSE;
  return n;
}

/**
 * berth_demuxer_feed:
 * @data: the next bytes of the stream, any amount
 * @func: called for each frame (or piece of one) completed by @data
 *
 * Returns: %FALSE with @error set when the stream is not validly framed;
 *   the demuxer then refuses further input
 */
gboolean
berth_demuxer_feed (BerthDemuxer    *self,
                    const guint8    *data,
                    gsize            length,
                    BerthFrameFunc   func,
                    gpointer         user_data,
                    GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (self->failed)
    return fail (self, error, _("The output stream was already found to be corrupt"));

  if (self->raw)
    {
      if (length > 0)
        {
          BerthFrame frame = { BERTH_STREAM_STDOUT, data, length, self->started };

          self->started = TRUE;
          func (&frame, user_data);
        }
      return TRUE;
    }

  while (length > 0)
    {
      gsize used;

      if (self->in_payload)
        {
          used = take_payload (self, data, length, func, user_data);
        }
      else
        {
          used = MIN (length, (gsize) (HEADER_SIZE - self->header_length));
          memcpy (self->header + self->header_length, data, used);
          self->header_length += used;
          if (self->header_length == HEADER_SIZE && !start_frame (self, error))
            return FALSE;
        }

      data += used;
      length -= used;
    }

  return TRUE;
}

/**
 * berth_demuxer_finish:
 * @func: called for the part of a frame cut short, if any
 *
 * Tells the demuxer the stream ended.
 *
 * Returns: %FALSE with @error set if it ended in the middle of a frame
 */
gboolean
berth_demuxer_finish (BerthDemuxer    *self,
                      BerthFrameFunc   func,
                      gpointer         user_data,
                      GError         **error)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (self->failed)
    return fail (self, error, _("The output stream was already found to be corrupt"));
  if (self->raw)
    return TRUE;

  if (self->header_length > 0)
    {
      message = g_strdup_printf (_("The output stream ended inside a frame header "
                                   "(%u of %u bytes)"),
                                 self->header_length, HEADER_SIZE);
      return fail (self, error, message);
    }

  if (self->in_payload)
    {
      if (self->pending->len > 0)
        {
          emit (self, self->pending->data, self->pending->len, func, user_data);
          g_byte_array_set_size (self->pending, 0);
        }
      message = g_strdup_printf (_("The output stream ended %u bytes before the end of a frame"),
                                 self->remaining);
      return fail (self, error, message);
    }

  return TRUE;
}

/* Output chunks and lines ---------------------------------------------------- */

void
berth_output_chunk_free (BerthOutputChunk *chunk)
{
  if (chunk == NULL)
    return;

  g_bytes_unref (chunk->data);
  g_free (chunk);
}

G_DEFINE_BOXED_TYPE (BerthLogLine, berth_log_line, berth_log_line_copy, berth_log_line_free)

/**
 * berth_log_line_new:
 * @timestamp: (nullable): the engine's timestamp of the line
 * @text: the line, without its end; need not be nul-terminated
 * @length: the length of @text
 *
 * Returns: (transfer full): a line, in a single allocation
 */
BerthLogLine *
berth_log_line_new (BerthStreamType  stream,
                    const char      *timestamp,
                    const char      *text,
                    gsize            length)
{
  gsize ts_size = timestamp ? strlen (timestamp) + 1 : 0;
  BerthLogLine *line = g_malloc (sizeof (BerthLogLine) + ts_size + length + 1);
  char *storage = (char *) (line + 1);

  line->stream = stream;
  line->text = storage;
  memcpy (line->text, text, length);
  line->text[length] = '\0';
  line->timestamp = NULL;
  if (timestamp != NULL)
    {
      line->timestamp = storage + length + 1;
      memcpy (line->timestamp, timestamp, ts_size);
    }
  return line;
}

BerthLogLine *
berth_log_line_copy (const BerthLogLine *line)
{
  return berth_log_line_new (line->stream, line->timestamp, line->text, strlen (line->text));
}

void
berth_log_line_free (BerthLogLine *line)
{
  g_free (line);
}

/* Log decoder ---------------------------------------------------------------- */

/* The engine writes each message as "2024-05-01T10:00:00.123456789Z text":
 * the timestamp is 30 bytes; anything much longer is not one. */
#define TIMESTAMP_MAX 48

typedef struct
{
  gboolean  in_timestamp;        /* at a message start, reading its timestamp */
  char      timestamp[TIMESTAMP_MAX + 1];
  guint     timestamp_length;
  GString  *line;                /* the line being collected */
  char     *line_timestamp;      /* the timestamp of its first message */
} StreamState;

struct _BerthLogDecoder
{
  BerthDemuxer          *demuxer;
  BerthLogDecoderFlags   flags;
  StreamState            states[BERTH_STREAM_SYSTEM + 1];

  GPtrArray             *output;          /* of BerthOutputChunk */
  GByteArray            *current;         /* output not yet in a chunk */
  BerthStreamType        current_stream;
  GPtrArray             *lines;           /* of BerthLogLine */
  char                   last_timestamp[TIMESTAMP_MAX + 1];
};

/**
 * berth_log_decoder_new:
 * @tty: whether the container (or exec) has a TTY: its output is not framed
 * @flags: what to do with the output
 *
 * Returns: (transfer full): a decoder
 */
BerthLogDecoder *
berth_log_decoder_new (gboolean             tty,
                       BerthLogDecoderFlags flags)
{
  BerthLogDecoder *self = g_new0 (BerthLogDecoder, 1);

  self->demuxer = berth_demuxer_new (tty);
  self->flags = flags;
  self->output = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_output_chunk_free);
  self->current = g_byte_array_new ();
  self->current_stream = BERTH_STREAM_STDOUT;
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_log_line_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->states); i++)
    self->states[i].line = g_string_new (NULL);

  /* Raw output has no frames: the first message starts right away. */
  if (tty && (flags & BERTH_LOG_DECODER_TIMESTAMPS))
    self->states[BERTH_STREAM_STDOUT].in_timestamp = TRUE;

  return self;
}

void
berth_log_decoder_free (BerthLogDecoder *self)
{
  if (self == NULL)
    return;

  berth_demuxer_free (self->demuxer);
  g_ptr_array_unref (self->output);
  g_byte_array_unref (self->current);
  g_ptr_array_unref (self->lines);
  for (guint i = 0; i < G_N_ELEMENTS (self->states); i++)
    {
      g_string_free (self->states[i].line, TRUE);
      g_free (self->states[i].line_timestamp);
    }
  g_free (self);
}

void
berth_log_decoder_set_max_frame (BerthLogDecoder *self,
                                 gsize            max_frame)
{
  g_return_if_fail (self != NULL);
  berth_demuxer_set_max_frame (self->demuxer, max_frame);
}

static void
close_chunk (BerthLogDecoder *self)
{
  BerthOutputChunk *chunk;
  guint length = self->current->len;

  if (length == 0)
    return;

  chunk = g_new0 (BerthOutputChunk, 1);
  chunk->stream = self->current_stream;
  chunk->data = g_byte_array_free_to_bytes (g_steal_pointer (&self->current));
  g_ptr_array_add (self->output, chunk);
  self->current = g_byte_array_sized_new (MAX (length, 4096));
}

static void
add_output (BerthLogDecoder *self,
            BerthStreamType  stream,
            const guint8    *data,
            gsize            length)
{
  if (stream != self->current_stream)
    {
      close_chunk (self);
      self->current_stream = stream;
    }
  g_byte_array_append (self->current, data, length);
}

static void
end_line (BerthLogDecoder *self,
          BerthStreamType  stream)
{
  StreamState *state = &self->states[stream];
  GString *line = state->line;

  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  g_ptr_array_add (self->lines,
                   berth_log_line_new (stream, state->line_timestamp, line->str, line->len));
  g_string_truncate (line, 0);
  g_clear_pointer (&state->line_timestamp, g_free);
}

static void
add_line_text (BerthLogDecoder *self,
               BerthStreamType  stream,
               const guint8    *data,
               gsize            length)
{
  StreamState *state = &self->states[stream];

  while (length > 0)
    {
      const guint8 *newline = memchr (data, '\n', length);
      gsize n = newline ? (gsize) (newline - data) : length;
      gsize room = BERTH_LOG_MAX_LINE - state->line->len;

      if (n >= room)
        {
          /* Cut an endless line rather than growing without bound. */
          g_string_append_len (state->line, (const char *) data, room);
          end_line (self, stream);
          data += room;
          length -= room;
          continue;
        }

      g_string_append_len (state->line, (const char *) data, n);
      if (newline == NULL)
        break;

      end_line (self, stream);
      data += n + 1;
      length -= n + 1;
    }
}

static void
add_content (BerthLogDecoder *self,
             BerthStreamType  stream,
             const guint8    *data,
             gsize            length)
{
  add_output (self, stream, data, length);
  if (self->flags & BERTH_LOG_DECODER_LINES)
    add_line_text (self, stream, data, length);
}

/* What looked like the start of a timestamp was content after all. */
static void
abandon_timestamp (BerthLogDecoder *self,
                   BerthStreamType  stream)
{
  StreamState *state = &self->states[stream];

  state->in_timestamp = FALSE;
  if (state->timestamp_length > 0)
    add_content (self, stream, (const guint8 *) state->timestamp, state->timestamp_length);
  state->timestamp_length = 0;
}

static gboolean
looks_like_timestamp (const char *text,
                      guint       length)
{
  /* 2024-05-01T10:00:00Z at the least */
  return length >= 20 && g_ascii_isdigit (text[0]) && text[4] == '-' && text[10] == 'T';
}

static void
end_timestamp (BerthLogDecoder *self,
               BerthStreamType  stream)
{
  StreamState *state = &self->states[stream];

  state->timestamp[state->timestamp_length] = '\0';
  if (!looks_like_timestamp (state->timestamp, state->timestamp_length))
    {
      state->timestamp[state->timestamp_length++] = ' ';
      abandon_timestamp (self, stream);
      return;
    }

  memcpy (self->last_timestamp, state->timestamp, state->timestamp_length + 1);
  if (state->line->len == 0 && state->line_timestamp == NULL)
    state->line_timestamp = g_strdup (state->timestamp);
  if (self->flags & BERTH_LOG_DECODER_KEEP_TIMESTAMPS)
    {
      add_output (self, stream, (const guint8 *) state->timestamp, state->timestamp_length);
      add_output (self, stream, (const guint8 *) " ", 1);
    }

  state->in_timestamp = FALSE;
  state->timestamp_length = 0;
}

/* Reads timestamp bytes; returns how many of @data it used. */
static gsize
take_timestamp (BerthLogDecoder *self,
                BerthStreamType  stream,
                const guint8    *data,
                gsize            length)
{
  StreamState *state = &self->states[stream];
  gsize room = TIMESTAMP_MAX - state->timestamp_length;
  gsize limit = MIN (length, room);
  const guint8 *space = memchr (data, ' ', limit);
  const guint8 *newline = memchr (data, '\n', space ? (gsize) (space - data) : limit);
  gsize n;

  if (newline != NULL || (space == NULL && length >= room))
    {
      abandon_timestamp (self, stream);
      return 0;
    }

  n = space ? (gsize) (space - data) : limit;
  memcpy (state->timestamp + state->timestamp_length, data, n);
  state->timestamp_length += n;
  if (space == NULL)
    return n;

  end_timestamp (self, stream);
  return n + 1;
}

static void
decoder_frame_cb (const BerthFrame *frame,
                  gpointer          user_data)
{
  BerthLogDecoder *self = user_data;
  StreamState *state = &self->states[frame->stream];
  gboolean timestamps = (self->flags & BERTH_LOG_DECODER_TIMESTAMPS) != 0;
  gboolean raw = berth_demuxer_get_raw (self->demuxer);
  const guint8 *data = frame->data;
  gsize length = frame->length;

  /* Framed: every frame is one message with its own timestamp. */
  if (timestamps && !raw && !frame->continued)
    {
      abandon_timestamp (self, frame->stream);
      state->in_timestamp = TRUE;
    }

  while (length > 0)
    {
      gsize used;

      if (state->in_timestamp)
        {
          used = take_timestamp (self, frame->stream, data, length);
        }
      else if (timestamps && raw)
        {
          /* Raw: every line is a message with its own timestamp. */
          const guint8 *newline = memchr (data, '\n', length);

          used = newline ? (gsize) (newline - data) + 1 : length;
          add_content (self, frame->stream, data, used);
          state->in_timestamp = newline != NULL;
        }
      else
        {
          used = length;
          add_content (self, frame->stream, data, length);
        }

      data += used;
      length -= used;
    }
}

/**
 * berth_log_decoder_feed:
 *
 * Decodes the next bytes of the body; the results are collected until
 * taken with berth_log_decoder_take_output() and _take_lines().
 *
 * Returns: %FALSE with @error set when the body is not validly framed
 */
gboolean
berth_log_decoder_feed (BerthLogDecoder  *self,
                        const guint8     *data,
                        gsize             length,
                        GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return berth_demuxer_feed (self->demuxer, data, length, decoder_frame_cb, self, error);
}

/**
 * berth_log_decoder_finish:
 *
 * The body ended: passes on what is left (a partial timestamp or line).
 *
 * Returns: %FALSE with @error set if the body ended inside a frame
 */
gboolean
berth_log_decoder_finish (BerthLogDecoder  *self,
                          GError          **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  ok = berth_demuxer_finish (self->demuxer, decoder_frame_cb, self, error);
  for (guint i = 0; i < G_N_ELEMENTS (self->states); i++)
    {
      abandon_timestamp (self, i);
      if ((self->flags & BERTH_LOG_DECODER_LINES) && self->states[i].line->len > 0)
        end_line (self, i);
    }
  close_chunk (self);
  return ok;
}

gboolean
berth_log_decoder_has_output (BerthLogDecoder *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->current->len > 0 || self->output->len > 0 || self->lines->len > 0;
}

/**
 * berth_log_decoder_take_output:
 *
 * Returns: (transfer full) (element-type BerthOutputChunk): the output
 *   decoded since the last call, in order, consecutive pieces of the same
 *   stream merged
 */
GPtrArray *
berth_log_decoder_take_output (BerthLogDecoder *self)
{
  GPtrArray *output;

  g_return_val_if_fail (self != NULL, NULL);

  close_chunk (self);
  output = g_steal_pointer (&self->output);
  self->output = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_output_chunk_free);
  return output;
}

/**
 * berth_log_decoder_take_lines:
 *
 * Returns: (transfer full) (element-type BerthLogLine): the lines completed
 *   since the last call (only with %BERTH_LOG_DECODER_LINES)
 */
GPtrArray *
berth_log_decoder_take_lines (BerthLogDecoder *self)
{
  GPtrArray *lines;

  g_return_val_if_fail (self != NULL, NULL);

  lines = g_steal_pointer (&self->lines);
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_log_line_free);
  return lines;
}

/**
 * berth_log_decoder_get_last_timestamp:
 *
 * Returns: (nullable): the timestamp of the last message seen
 */
const char *
berth_log_decoder_get_last_timestamp (BerthLogDecoder *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->last_timestamp[0] ? self->last_timestamp : NULL;
}

/**
 * berth_log_timestamp_to_since:
 * @timestamp: an engine timestamp, "2024-05-01T10:00:00.123456789Z"
 * @after: give the nanosecond after it, so that message is not repeated
 *
 * Returns: (transfer full) (nullable): the `since=` value for @timestamp
 *   ("1714557600.123456790"), or %NULL if it is not a timestamp
 */
char *
berth_log_timestamp_to_since (const char *timestamp,
                              gboolean    after)
{
  g_autoptr (GDateTime) time = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *head = NULL;
  const char *dot;
  const char *zone;
  gint64 seconds;
  gint64 nanos = 0;
  int digits = 0;

  g_return_val_if_fail (timestamp != NULL, NULL);

  /* GDateTime keeps microseconds only: parse the fraction by hand. */
  dot = strchr (timestamp, '.');
  zone = dot ? dot + 1 : NULL;
  for (; zone && g_ascii_isdigit (*zone); zone++, digits++)
    if (digits < 9)
      nanos = nanos * 10 + (*zone - '0');
  for (; digits < 9; digits++)
    nanos *= 10;

  if (dot != NULL)
    {
      head = g_strndup (timestamp, dot - timestamp);
      whole = g_strconcat (head, zone, NULL);
    }
  else
    whole = g_strdup (timestamp);
  time = g_date_time_new_from_iso8601 (whole, NULL);
  if (time == NULL)
    return NULL;

  seconds = g_date_time_to_unix (time);
  if (after && ++nanos == 1000000000)
    {
      nanos = 0;
      seconds++;
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT, seconds, nanos);
}
