/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-engine-enums.h"
#include "berth-log-stream.h"
#include "berth-logs-view.h"
#include "berth-shell.h"
#include "berth-terminal-view.h"

/* `docker logs -f`, in a VteTerminal: it renders ANSI colours, selects,
 * searches and keeps a large scrollback (compressed, mostly on disk), so a
 * log of any size costs little memory. The terminal has no child: the log
 * is fed to it.
 *
 * Speed without freezing: the stream's output is queued and fed once per
 * frame, at most a budget of bytes that adapts to how long frames take.
 * The terminal keeps its last lines only (the scrollback setting), so while
 * the stream brings more than it keeps, feeding it every line would only
 * scroll most of them out: then a little is fed ten times a second, reading
 * gets the main thread, and the queue drops its oldest lines past twice what
 * the terminal keeps. A log of a million lines reaches its end in about the
 * time reading alone takes (tests/bench, logs).
 *
 * Nothing is parsed here: the bytes go to VTE as `docker logs` prints
 * them, with three changes: "\n" becomes "\r\n" (a terminal needs both),
 * stderr is red when the container has no TTY (with a TTY the engine
 * cannot tell the two apart), and gaps are marked with a dim line
 * (restarts, reconnections, the container's removal).
 *
 * Lines always wrap at the terminal's width: VTE cannot scroll sideways.
 *
 * Saving reads the log from the engine again, raw, into the file: the same
 * bytes as `docker logs NAME > FILE 2>&1`, complete even when the viewer
 * dropped old lines. */

#define FEED_MIN         (64 * 1024)
#define FEED_MAX         (1024 * 1024)
#define FEED_START       (256 * 1024)
#define FEED_FLOOD       (16 * 1024)
/* Queued beyond this (the tab is hidden while a container floods its log,
 * or its lines are very long), the oldest queued lines are dropped, and
 * counted. */
#define MAX_PENDING      (32 * 1024 * 1024)
#define SLOW_FRAME_USEC  (40 * 1000)
#define RATE_WINDOW_USEC (250 * 1000)
/* While flooding, the terminal is fed (and redrawn) ten times a second. */
#define FLOOD_FEED_USEC  (100 * 1000)
#define FAST_FRAME_USEC  (20 * 1000)

/* Colours are the terminal palette's, so they suit light and dark. */
#define SGR_STDERR       "\033[31m"
#define SGR_STDERR_END   "\033[39m"
#define SGR_DIM          "\033[2;3m"
#define SGR_RESET        "\033[0m"
#define HIDE_CURSOR      "\033[?25l"

/* VTE takes PCRE2 compile flags (pcre2.h, not needed beyond these). */
#define PCRE2_CASELESS   0x00000008u
#define PCRE2_MULTILINE  0x00000400u

typedef enum
{
  STATE_IDLE,
  STATE_OPENING,
  STATE_STREAMING,
  STATE_DONE,          /* read to the end, not following */
  STATE_STOPPED,       /* following; the container is not running */
  STATE_LOST,          /* following; the engine went away */
  STATE_GONE,          /* the container was removed */
} State;

struct _BerthLogsView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkToggleButton    *follow_button;
  GtkToggleButton    *timestamps_button;
  GtkDropDown        *tail_dropdown;
  GtkEntry           *since_entry;
  GtkToggleButton    *search_button;
  GtkWidget          *copy_button;
  GtkWidget          *save_button;
  GtkSpinButton      *scrollback_spin;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkLabel           *search_label;
  VteTerminal        *terminal;
  GtkWidget          *end_button;
  GtkLabel           *state_label;
  GtkWidget          *stderr_label;
  GtkLabel           *count_label;
  GtkLabel           *command_label;
  GtkWidget          *command_copy;

  /* Borrowed */
  BerthContainerPage *page;

  /* Owned */
  GSettings          *settings;
  BerthLogStream     *stream;
  GCancellable       *cancellable;
  GByteArray         *pending;
  gsize               pending_start;
  guint64             pending_lines;    /* newlines in the queue */
  gint64              rate_since;
  guint64             rate_lines;       /* lines_received at rate_since */
  gboolean            flood;
  gint64              last_flood_feed;
  gsize               budget;
  guint               tick_id;
  gint64              last_tick;
  char               *command;
  char               *state_text;
  gint64              tail;             /* -1: all */
  gint64              since;
  char               *since_arg;        /* as the user typed it, for the command */
  State               state;
  gboolean            started;
  gboolean            tty;
  gboolean            at_line_start;
  gboolean            updating;
  guint64             lines_received;
  guint64             lines_dropped;    /* dropped from the queue */
  guint64             lines_fed;
};

G_DEFINE_FINAL_TYPE (BerthLogsView, berth_logs_view, GTK_TYPE_WIDGET)

static void start_stream (BerthLogsView *self);

/* Options -------------------------------------------------------------------- */

static const gint64 tail_values[] = { 100, 1000, 10000, -1 };

static gint64
get_tail (BerthLogsView *self)
{
  return self->tail;
}

/* The docker CLI's --since: a duration back from now ("10m", "1h30m",
 * "2d"), a date ("2024-05-01", "2024-05-01 10:00[:00]", RFC 3339) or Unix
 * seconds. */
static gboolean
parse_since (const char  *text,
             gint64       now,
             gint64      *since,
             GError     **error)
{
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *iso = NULL;
  const char *p = text;
  gint64 seconds = 0;

  if (g_regex_match_simple ("^([0-9]+[smhd])+$", text, 0, 0))
    {
      while (*p != '\0')
        {
          char *end;
          guint64 n = g_ascii_strtoull (p, &end, 10);

          seconds += n * (*end == 'd' ? 86400 : *end == 'h' ? 3600 : *end == 'm' ? 60 : 1);
          p = end + 1;
        }
      *since = MAX (now - seconds, 1);
      return TRUE;
    }

  if (g_regex_match_simple ("^[0-9]+$", text, 0, 0))
    {
      *since = g_ascii_strtoll (text, NULL, 10);
      return *since > 0;
    }

  /* "2024-05-01" and "2024-05-01 10:00" are local times, as in the CLI. */
  if (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text, 0, 0))
    iso = g_strconcat (text, "T00:00:00", NULL);
  else if (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}$", text, 0, 0))
    iso = g_strdup_printf ("%.10sT%s:00", text, text + 11);
  else
    iso = g_strdelimit (g_strdup (text), " ", 'T');

  time = g_date_time_new_from_iso8601 (iso, local);
  if (time == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a time: write how long ago, like 10m, 2h or 1h30m, or a date like 2024-05-01 10:00"),
                   text);
      return FALSE;
    }
  *since = g_date_time_to_unix (time);
  return TRUE;
}

static char *
build_command (BerthLogsView *self,
               gboolean       follow,
               const char    *redirect)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) argv = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *joined = NULL;

  g_strv_builder_add_many (builder, "docker", "logs", NULL);
  if (follow)
    g_strv_builder_add (builder, "-f");
  if (gtk_toggle_button_get_active (self->timestamps_button))
    g_strv_builder_add (builder, "-t");
  if (get_tail (self) >= 0)
    {
      tail = g_strdup_printf ("%" G_GINT64_FORMAT, get_tail (self));
      g_strv_builder_add_many (builder, "--tail", tail, NULL);
    }
  if (self->since_arg != NULL)
    g_strv_builder_add_many (builder, "--since", self->since_arg, NULL);
  g_strv_builder_add (builder, berth_container_page_get_name (self->page));
  argv = g_strv_builder_end (builder);

  joined = berth_shell_join ((const char * const *) argv);
  if (redirect == NULL)
    return g_steal_pointer (&joined);
  return g_strdup_printf ("%s > %s 2>&1", joined, redirect);
}

static void
update_command (BerthLogsView *self)
{
  g_free (self->command);
  self->command = build_command (self, gtk_toggle_button_get_active (self->follow_button), NULL);
  gtk_label_set_label (self->command_label, self->command);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->command_copy), "s", self->command);
}

/* Status --------------------------------------------------------------------- */

static void
update_count (BerthLogsView *self)
{
  glong kept = vte_terminal_get_scrollback_lines (self->terminal);
  guint64 dropped = berth_logs_view_get_lines_dropped (self);
  g_autofree char *received = g_strdup_printf ("%'" G_GUINT64_FORMAT, self->lines_received);
  g_autofree char *text = NULL;

  if (dropped > 0)
    {
      g_autofree char *n_dropped = g_strdup_printf ("%'" G_GUINT64_FORMAT, dropped);
      g_autofree char *n_kept = g_strdup_printf ("%'ld", kept);

      g_autofree char *tooltip = NULL;

      /* Translators: lines received, and how many of the oldest the viewer no longer holds */
      text = g_strdup_printf (_("%s lines · oldest %s dropped"), received, n_dropped);
      /* Translators: %s is a number of lines */
      tooltip = g_strdup_printf (_("The viewer keeps the last %s lines, so that memory use stays bounded; change that in the ⋮ menu. Saving the log writes every line."),
                                 n_kept);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), tooltip);
    }
  else
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s line", "%s lines", (gulong) MIN (self->lines_received, G_MAXULONG)),
                              received);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), NULL);
    }
  gtk_label_set_label (self->count_label, text);
}

static void
set_state (BerthLogsView *self,
           State          state,
           const char    *text)
{
  self->state = state;
  g_free (self->state_text);
  self->state_text = g_strdup (text);
  gtk_label_set_label (self->state_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
  if (state == STATE_GONE || state == STATE_LOST)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  else if (state == STATE_STOPPED)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "warning");
}

/* Feeding -------------------------------------------------------------------- */

static gsize
pending_length (BerthLogsView *self)
{
  return self->pending->len - self->pending_start;
}

static guint64
count_newlines (const guint8 *data,
                gsize         length)
{
  const guint8 *end = data + length;
  guint64 n = 0;

  for (const guint8 *p = data; p < end && (p = memchr (p, '\n', end - p)); p++)
    n++;
  return n;
}

/* Lines the terminal holds: its scrollback and its screen. */
static guint64
kept_lines (BerthLogsView *self)
{
  glong scrollback = vte_terminal_get_scrollback_lines (self->terminal);

  /* -1: without end (the setting does not allow it, VTE does) */
  if (scrollback < 0)
    return G_MAXUINT64 / 4;
  return scrollback + MAX (vte_terminal_get_row_count (self->terminal), 0);
}

/* Whether lines come faster than half of what the terminal keeps each
 * second, over the last RATE_WINDOW_USEC: most of them would only scroll
 * out, so reading comes first. */
static void
update_rate (BerthLogsView *self,
             gint64         now)
{
  if (self->rate_since != 0 && now - self->rate_since < RATE_WINDOW_USEC)
    return;
  if (self->rate_since != 0)
    self->flood = (self->lines_received - self->rate_lines) * G_USEC_PER_SEC / (guint64) (now - self->rate_since) >
                  kept_lines (self) / 2;
  self->rate_since = now;
  self->rate_lines = self->lines_received;
}

static gboolean
flooding (BerthLogsView *self)
{
  return self->state == STATE_STREAMING && self->flood;
}

/* Appends @data, with "\n" made "\r\n" for the terminal. */
static void
queue_text (BerthLogsView *self,
            const char    *data,
            gsize          length)
{
  const char *end = data + length;
  const char *p = data;

  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);

      if (newline == NULL)
        {
          g_byte_array_append (self->pending, (const guint8 *) p, end - p);
          self->at_line_start = FALSE;
          break;
        }
      g_byte_array_append (self->pending, (const guint8 *) p, newline - p);
      g_byte_array_append (self->pending, (const guint8 *) "\r\n", 2);
      self->lines_received++;
      self->pending_lines++;
      self->at_line_start = TRUE;
      p = newline + 1;
    }
}

/* Drops the queue's first @cut bytes, whole lines, marking the cut. */
static void
drop_queued (BerthLogsView *self,
             gsize          cut)
{
  const guint8 *start = self->pending->data + self->pending_start;
  gsize length = pending_length (self);
  guint64 dropped = count_newlines (start, cut);
  g_autofree char *mark = NULL;
  g_autoptr (GByteArray) rest = NULL;

  self->lines_dropped += dropped;
  self->pending_lines -= dropped;
  mark = g_strdup_printf ("%s── %s ──%s\r\n", SGR_DIM,
                          _("Some lines were skipped here: they came faster than they could be shown"),
                          SGR_RESET);
  self->pending_lines++;
  rest = g_byte_array_sized_new (length - cut + strlen (mark));
  g_byte_array_append (rest, (const guint8 *) mark, strlen (mark));
  g_byte_array_append (rest, start + cut, length - cut);
  g_byte_array_unref (self->pending);
  self->pending = g_steal_pointer (&rest);
  self->pending_start = 0;
}

/* The most lines worth queuing: what the terminal keeps, and while more
 * may come, twice that, so that a flood is cut once per that many lines. */
static guint64
max_queued_lines (BerthLogsView *self)
{
  return kept_lines (self) * (self->state == STATE_STREAMING ? 2 : 1);
}

/* Keeps the queue under MAX_PENDING bytes and max_queued_lines(): what
 * goes would scroll out of the terminal anyway, unless lines are very long. */
static void
trim_pending (BerthLogsView *self)
{
  const guint8 *start = self->pending->data + self->pending_start;
  gsize length = pending_length (self);
  guint64 kept = kept_lines (self);
  const guint8 *p;

  if (length > MAX_PENDING)
    {
      p = memchr (start + length - MAX_PENDING / 2, '\n', MAX_PENDING / 2);
      drop_queued (self, p ? (gsize) (p - start) + 1 : length);
    }
  else if (self->pending_lines > max_queued_lines (self))
    {
      const guint8 *newline;

      p = start;
      for (guint64 n = self->pending_lines - kept; n > 0; n--)
        {
          newline = memchr (p, '\n', start + length - p);
          if (newline == NULL)
            break;
          p = newline + 1;
        }
      drop_queued (self, p - start);
    }
}

static gboolean tick_cb (GtkWidget     *widget,
                         GdkFrameClock *clock,
                         gpointer       user_data);

static void
schedule_feed (BerthLogsView *self)
{
  if (pending_length (self) > MAX_PENDING || self->pending_lines > max_queued_lines (self))
    trim_pending (self);
  if (self->tick_id == 0 && pending_length (self) > 0)
    {
      self->last_tick = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->terminal), tick_cb, self, NULL);
    }
}

/* Feeds up to @budget bytes, ending at a line's end when there is one. */
static void
feed_some (BerthLogsView *self,
           gsize          budget)
{
  const guint8 *start = self->pending->data + self->pending_start;
  gsize length = MIN (pending_length (self), budget);
  guint64 lines;
  const guint8 *p;

  if (length < pending_length (self))
    {
      for (p = start + length; p > start && p[-1] != '\n'; p--)
        ;
      if (p > start)
        length = p - start;
    }

  lines = count_newlines (start, length);
  self->lines_fed += lines;
  self->pending_lines -= lines;
  vte_terminal_feed (self->terminal, (const char *) start, length);
  self->pending_start += length;

  if (self->pending_start == self->pending->len)
    {
      /* A flood's queue gives its memory back once drained. */
      if (self->pending->len > FEED_MAX)
        {
          g_byte_array_unref (self->pending);
          self->pending = g_byte_array_new ();
        }
      else
        g_byte_array_set_size (self->pending, 0);
      self->pending_start = 0;
    }
  else if (self->pending_start > self->pending->len / 2)
    {
      g_byte_array_remove_range (self->pending, 0, self->pending_start);
      self->pending_start = 0;
    }
}

/* The budget grows while frames stay quick and halves when they do not:
 * VTE parses what it was fed before the next frame. */
static void
adapt_budget (BerthLogsView *self,
              gint64         now)
{
  gint64 interval = self->last_tick ? now - self->last_tick : 0;

  if (interval > SLOW_FRAME_USEC)
    self->budget = MAX (self->budget / 2, FEED_MIN);
  else if (interval > 0 && interval < FAST_FRAME_USEC)
    self->budget = MIN (self->budget * 2, FEED_MAX);
  self->last_tick = now;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  BerthLogsView *self = user_data;

  adapt_budget (self, g_get_monotonic_time ());
  update_rate (self, g_get_monotonic_time ());
  if (pending_length (self) > 0)
    {
      gint64 now = g_get_monotonic_time ();

      if (!flooding (self))
        feed_some (self, self->budget);
      else if (now - self->last_flood_feed >= FLOOD_FEED_USEC)
        {
          feed_some (self, FEED_FLOOD);
          self->last_flood_feed = now;
        }
    }
  update_count (self);

  if (pending_length (self) > 0)
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* A dim line of our own: never mixed with the container's output. */
static void
queue_mark (BerthLogsView *self,
            const char    *text)
{
  g_autofree char *time = NULL;
  g_autofree char *line = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  time = g_date_time_format (now, "%H:%M:%S");
  line = g_strdup_printf ("%s%s── %s %s ──%s\r\n", self->at_line_start ? "" : "\r\n",
                          SGR_DIM, time, text, SGR_RESET);
  g_byte_array_append (self->pending, (const guint8 *) line, strlen (line));
  self->pending_lines += count_newlines ((const guint8 *) line, strlen (line));
  self->at_line_start = TRUE;
  schedule_feed (self);
}

static void
clear_terminal (BerthLogsView *self)
{
  /* A reset drops the scrollback but keeps the screen's text: erase it
   * from the top (not with "\033[2J", which pushes it into the scrollback). */
  vte_terminal_reset (self->terminal, TRUE, TRUE);
  vte_terminal_feed (self->terminal, "\033[H\033[J" HIDE_CURSOR, -1);
  g_byte_array_set_size (self->pending, 0);
  self->pending_start = 0;
  self->pending_lines = 0;
  self->rate_since = 0;
  self->flood = FALSE;
  self->at_line_start = TRUE;
  self->lines_received = 0;
  self->lines_dropped = 0;
  self->lines_fed = 0;
  gtk_widget_set_visible (self->stderr_label, FALSE);
  gtk_label_set_label (self->search_label, NULL);
  update_count (self);
}

/* The stream ------------------------------------------------------------------ */

static void
stream_output_cb (BerthLogsView   *self,
                  BerthStreamType  type,
                  GBytes          *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  gboolean red = type == BERTH_STREAM_STDERR && !self->tty;

  if (red)
    {
      g_byte_array_append (self->pending, (const guint8 *) SGR_STDERR, strlen (SGR_STDERR));
      gtk_widget_set_visible (self->stderr_label, TRUE);
    }
  queue_text (self, data, length);
  if (red)
    g_byte_array_append (self->pending, (const guint8 *) SGR_STDERR_END, strlen (SGR_STDERR_END));
  schedule_feed (self);
}

static void
stream_opened_cb (BerthLogsView *self)
{
  self->tty = berth_log_stream_get_tty (self->stream);
  if (berth_log_stream_get_follow (self->stream))
    set_state (self, STATE_STREAMING, _("Following new output"));
  else
    set_state (self, STATE_STREAMING, _("Reading the log"));
}

static void
stream_ended_cb (BerthLogsView  *self,
                 BerthStreamEnd  reason,
                 const GError   *error)
{
  g_autofree char *text = NULL;

  switch (reason)
    {
    case BERTH_STREAM_END_COMPLETE:
      set_state (self, STATE_DONE, _("Read to the end"));
      queue_mark (self, _("End of the log. Turn on Follow to keep reading new output."));
      break;

    case BERTH_STREAM_END_CONTAINER_STOPPED:
      if (berth_log_stream_get_container_running (self->stream))
        {
          queue_mark (self, _("The container restarted"));
          berth_log_stream_resume (self->stream);
          return;
        }
      queue_mark (self, _("The container stopped. New output appears here when it starts again."));
      set_state (self, STATE_STOPPED, _("The container is not running"));
      berth_container_page_refresh_inspect (self->page);
      break;

    case BERTH_STREAM_END_CONTAINER_REMOVED:
      queue_mark (self, _("The container was removed: there is no more log"));
      set_state (self, STATE_GONE, _("The container no longer exists"));
      break;

    case BERTH_STREAM_END_DETACHED:
    case BERTH_STREAM_END_FAILED:
    default:
      text = g_strdup_printf (_("Lost the log: %s. Reading resumes when the engine is back."),
                              error ? error->message : _("unknown error"));
      queue_mark (self, text);
      set_state (self, STATE_LOST, _("Waiting for the engine"));
      break;
    }
}

/* The container started again, or the engine came back. */
static void
resume_if_running (BerthLogsView *self,
                   gboolean       running)
{
  BerthStore *store = berth_container_page_get_store (self->page);

  if (self->stream == NULL || berth_log_stream_get_running (self->stream))
    return;

  if (self->state == STATE_STOPPED && running)
    {
      queue_mark (self, _("The container started again"));
      set_state (self, STATE_OPENING, _("Opening the log…"));
      berth_log_stream_resume (self->stream);
    }
  else if (self->state == STATE_LOST && berth_store_get_state (store) == BERTH_STORE_STATE_CONNECTED)
    {
      queue_mark (self, _("Reconnected to the engine"));
      set_state (self, STATE_OPENING, _("Opening the log…"));
      berth_log_stream_resume (self->stream);
    }
}

/* Any change of the live container: a stop and start quicker than the
 * list's refresh leaves its state "running" throughout, but not its status. */
static void
container_changed_cb (BerthLogsView *self)
{
  resume_if_running (self, berth_container_is_active (berth_container_page_get_container (self->page)));
}

static void
inspected_cb (BerthLogsView *self,
              JsonObject    *inspect)
{
  JsonNode *state = json_object_get_member (inspect, "State");
  JsonNode *running = state && JSON_NODE_HOLDS_OBJECT (state)
                        ? json_object_get_member (json_node_get_object (state), "Running") : NULL;

  resume_if_running (self, running && JSON_NODE_HOLDS_VALUE (running) &&
                           json_node_get_value_type (running) == G_TYPE_BOOLEAN && json_node_get_boolean (running));
}

static void
gone_cb (BerthLogsView *self)
{
  if (!berth_container_page_get_gone (self->page) || self->state == STATE_GONE)
    return;

  if (self->stream != NULL)
    berth_log_stream_stop (self->stream);
  queue_mark (self, _("The container was removed: there is no more log"));
  set_state (self, STATE_GONE, _("The container no longer exists"));
}

static void
start_stream (BerthLogsView *self)
{
  BerthEngine *engine = berth_container_page_get_engine (self->page);
  gboolean follow = gtk_toggle_button_get_active (self->follow_button);

  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      berth_log_stream_stop (self->stream);
      g_clear_object (&self->stream);
    }
  clear_terminal (self);
  update_command (self);
  self->started = TRUE;

  if (berth_container_page_get_gone (self->page))
    {
      gone_cb (self);
      return;
    }

  self->stream = berth_log_stream_new (engine, berth_container_page_get_container_id (self->page));
  berth_log_stream_set_follow (self->stream, follow);
  berth_log_stream_set_timestamps (self->stream, gtk_toggle_button_get_active (self->timestamps_button));
  berth_log_stream_set_tail (self->stream, get_tail (self));
  berth_log_stream_set_since (self->stream, self->since);
  g_signal_connect_object (self->stream, "opened", G_CALLBACK (stream_opened_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "output", G_CALLBACK (stream_output_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "ended", G_CALLBACK (stream_ended_cb), self, G_CONNECT_SWAPPED);

  set_state (self, STATE_OPENING, _("Opening the log…"));
  berth_container_page_log_command (GTK_WIDGET (self), self->command, _("Read the container’s log"));
  berth_log_stream_start (self->stream);
}

static void
options_changed_cb (BerthLogsView *self)
{
  if (self->updating)
    return;
  update_command (self);
  if (self->started)
    start_stream (self);
}

static void
tail_changed_cb (BerthLogsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->tail_dropdown);

  if (self->updating)
    return;
  if (selected < G_N_ELEMENTS (tail_values))
    self->tail = tail_values[selected];
  options_changed_cb (self);
}

static void
apply_since (BerthLogsView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->since_entry));
  g_autoptr (GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gint64 since = 0;

  if (*stripped != '\0' && !parse_since (stripped, g_get_real_time () / G_USEC_PER_SEC, &since, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->since_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->since_entry), error->message);
      set_state (self, self->state, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->since_entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->since_entry),
                               _("Only lines written since a time: 10m, 2h, 1h30m, or a date such as 2024-05-01 10:00 (docker logs --since). Press Enter to apply."));
  self->since = since;
  g_free (self->since_arg);
  self->since_arg = *stripped != '\0' ? g_strdelimit (g_strdup (stripped), " ", 'T') : NULL;
  options_changed_cb (self);
}

static void
since_activate_cb (BerthLogsView *self)
{
  apply_since (self);
}

static void
since_clear_cb (BerthLogsView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->since_entry), "");
  apply_since (self);
}

/* Scrolling, selection, search ------------------------------------------------ */

static GtkAdjustment *
vadjustment (BerthLogsView *self)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->terminal));
}

/* VTE follows new output while the view is at the bottom and stays put
 * once the user scrolls up; the button brings the following back. */
static void
adjustment_changed_cb (BerthLogsView *self)
{
  GtkAdjustment *adjustment = vadjustment (self);
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  gtk_widget_set_visible (self->end_button, gtk_adjustment_get_value (adjustment) < bottom - 0.5);
}

static void
end_clicked_cb (BerthLogsView *self)
{
  GtkAdjustment *adjustment = vadjustment (self);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

static void
selection_changed_cb (BerthLogsView *self)
{
  gtk_widget_set_sensitive (self->copy_button, vte_terminal_get_has_selection (self->terminal));
}

static void
copy_clicked_cb (BerthLogsView *self)
{
  vte_terminal_copy_clipboard_format (self->terminal, VTE_FORMAT_TEXT);
}

static void
clear_clicked_cb (BerthLogsView *self)
{
  clear_terminal (self);
}

static void
set_search_regex (BerthLogsView *self,
                  const char    *text)
{
  g_autoptr (VteRegex) regex = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *escaped = NULL;

  gtk_label_set_label (self->search_label, NULL);
  if (text == NULL || *text == '\0')
    {
      vte_terminal_search_set_regex (self->terminal, NULL, 0);
      vte_terminal_unselect_all (self->terminal);
      return;
    }

  escaped = g_regex_escape_string (text, -1);
  regex = vte_regex_new_for_search (escaped, -1, PCRE2_CASELESS | PCRE2_MULTILINE, &error);
  if (regex == NULL)
    {
      gtk_label_set_label (self->search_label, error->message);
      return;
    }
  vte_terminal_search_set_regex (self->terminal, regex, 0);
  vte_terminal_search_set_wrap_around (self->terminal, TRUE);
}

static void
find (BerthLogsView *self,
      gboolean       backwards)
{
  gboolean found;

  if (vte_terminal_search_get_regex (self->terminal) == NULL)
    return;
  found = backwards ? vte_terminal_search_find_previous (self->terminal)
                    : vte_terminal_search_find_next (self->terminal);
  gtk_label_set_label (self->search_label, found ? NULL : _("Not found"));
}

static void
search_changed_cb (BerthLogsView *self)
{
  set_search_regex (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  find (self, TRUE);
}

static void
find_older_cb (BerthLogsView *self)
{
  find (self, TRUE);
}

static void
find_newer_cb (BerthLogsView *self)
{
  find (self, FALSE);
}

static void
stop_search_cb (BerthLogsView *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->terminal));
}

/* Saving --------------------------------------------------------------------- */

typedef struct
{
  GFile            *file;
  char             *command;
  BerthLogStream   *stream;
  GFileOutputStream *output;
  GQueue            chunks;        /* of GBytes */
  gboolean          writing;
  gboolean          existed;
  gboolean          read_all;
  gboolean          finishing;
  GError           *error;
} Save;

static void
save_free (Save *save)
{
  if (save->stream != NULL)
    berth_log_stream_stop (save->stream);
  g_clear_object (&save->stream);
  g_clear_object (&save->output);
  g_clear_object (&save->file);
  g_free (save->command);
  g_queue_clear_full (&save->chunks, (GDestroyNotify) g_bytes_unref);
  g_clear_error (&save->error);
  g_free (save);
}

static void
save_deleted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Save *save = g_task_get_task_data (task);

  g_file_delete_finish (G_FILE (object), result, NULL);
  g_task_return_error (task, g_steal_pointer (&save->error));
}

static void
save_closed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Save *save = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error);
  if (save->error == NULL && error != NULL)
    save->error = g_steal_pointer (&error);

  if (save->error == NULL)
    g_task_return_boolean (task, TRUE);
  else if (!save->existed)
    g_file_delete_async (save->file, G_PRIORITY_DEFAULT, NULL, save_deleted_cb, g_steal_pointer (&task));
  else
    g_task_return_error (task, g_steal_pointer (&save->error));
}

/* Closing with a cancelled cancellable keeps the file that was there
 * (GIO wrote to a temporary file); a new file is deleted after. */
static void
save_finish (GTask *task)
{
  Save *save = g_task_get_task_data (task);
  g_autoptr (GCancellable) abandon = g_cancellable_new ();

  if (save->finishing)
    return;
  save->finishing = TRUE;
  if (save->error != NULL)
    g_cancellable_cancel (abandon);
  g_output_stream_close_async (G_OUTPUT_STREAM (save->output), G_PRIORITY_DEFAULT,
                               abandon, save_closed_cb, g_object_ref (task));
}

/* No more reading: the stream's handlers hold the task, let it go. */
static void
save_stop_reading (GTask *task)
{
  Save *save = g_task_get_task_data (task);

  save->read_all = TRUE;
  if (save->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (save->stream, task);
      berth_log_stream_stop (save->stream);
    }
}

static void
save_fail (GTask  *task,
           GError *error)
{
  Save *save = g_task_get_task_data (task);

  if (save->error == NULL)
    save->error = error;
  else
    g_error_free (error);
  save_stop_reading (task);
}

static void save_write_next (GTask *task);

static void
save_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Save *save = g_task_get_task_data (task);
  GError *error = NULL;

  save->writing = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    save_fail (task, error);
  save_write_next (task);
}

/* One write at a time, in order; the end once all is read and written. */
static void
save_write_next (GTask *task)
{
  Save *save = g_task_get_task_data (task);
  g_autoptr (GBytes) bytes = NULL;
  gsize length;
  const void *data;

  if (save->writing)
    return;
  if (save->error == NULL)
    bytes = g_queue_pop_head (&save->chunks);
  if (bytes == NULL)
    {
      if (save->read_all)
        save_finish (task);
      return;
    }

  data = g_bytes_get_data (bytes, &length);
  save->writing = TRUE;
  g_object_set_data_full (G_OBJECT (task), "writing", g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_output_stream_write_all_async (G_OUTPUT_STREAM (save->output), data, length, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), save_written_cb, g_object_ref (task));
}

static void
save_output_cb (BerthLogStream  *stream,
                BerthStreamType  type,
                GBytes          *bytes,
                GTask           *task)
{
  Save *save = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  g_object_ref (task);
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    save_fail (task, g_steal_pointer (&error));
  else
    g_queue_push_tail (&save->chunks, g_bytes_ref (bytes));
  save_write_next (task);
  g_object_unref (task);
}

static void
save_ended_cb (BerthLogStream *stream,
               BerthStreamEnd  reason,
               const GError   *error,
               GTask          *task)
{
  g_object_ref (task);
  if (reason != BERTH_STREAM_END_COMPLETE)
    save_fail (task, error ? g_error_copy (error)
                           : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, _("The log ended early")));
  else
    save_stop_reading (task);
  save_write_next (task);
  g_object_unref (task);
}

static void
save_replaced_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthLogsView *self = g_task_get_source_object (task);
  Save *save = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  save->output = g_file_replace_finish (G_FILE (object), result, &error);
  if (save->output == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The same options as shown, without following: what is there now. */
  save->stream = berth_log_stream_new (berth_container_page_get_engine (self->page),
                                       berth_container_page_get_container_id (self->page));
  berth_log_stream_set_follow (save->stream, FALSE);
  berth_log_stream_set_timestamps (save->stream, gtk_toggle_button_get_active (self->timestamps_button));
  berth_log_stream_set_tail (save->stream, get_tail (self));
  berth_log_stream_set_since (save->stream, self->since);
  g_signal_connect_data (save->stream, "output", G_CALLBACK (save_output_cb),
                         g_object_ref (task), (GClosureNotify) g_object_unref, 0);
  g_signal_connect_data (save->stream, "ended", G_CALLBACK (save_ended_cb),
                         g_object_ref (task), (GClosureNotify) g_object_unref, 0);
  berth_log_stream_start (save->stream);
}

static void
save_exists_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Save *save = g_task_get_task_data (task);
  g_autoptr (GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, NULL);

  GCancellable *cancellable = g_task_get_cancellable (task);

  save->existed = info != NULL;
  g_file_replace_async (save->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                        G_PRIORITY_DEFAULT, cancellable, save_replaced_cb, g_steal_pointer (&task));
}

/**
 * berth_logs_view_save_async:
 * @file: where to write
 *
 * Writes the log, read again from the engine with the options shown
 * (timestamps, tail, since) but without following, to @file: the bytes of
 * `docker logs NAME > FILE 2>&1`. On failure no partial file is left.
 */
void
berth_logs_view_save_async (BerthLogsView       *self,
                            GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *quoted = NULL;
  Save *save;

  g_return_if_fail (BERTH_IS_LOGS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_logs_view_save_async);
  save = g_new0 (Save, 1);
  save->file = g_object_ref (file);
  path = g_file_get_path (file);
  quoted = berth_shell_quote (path ? path : g_file_peek_path (file));
  save->command = build_command (self, FALSE, quoted);
  g_queue_init (&save->chunks);
  g_task_set_task_data (task, save, (GDestroyNotify) save_free);

  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, cancellable, save_exists_cb, g_steal_pointer (&task));
}

gboolean
berth_logs_view_save_finish (BerthLogsView  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  BerthLogsView *self = BERTH_LOGS_VIEW (object);
  Save *save = g_task_get_task_data (G_TASK (result));
  g_autofree char *command = g_strdup (save->command);
  g_autofree char *basename = g_file_get_basename (save->file);
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (!berth_logs_view_save_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not save the log: %s"), error->message);
      berth_container_page_toast_command (GTK_WIDGET (self), message, command);
      return;
    }

  message = g_strdup_printf (_("Saved the log to “%s”"), basename);
  berth_container_page_toast_command (GTK_WIDGET (self), message, command);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     BerthLogsView   *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL)
    return;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  berth_logs_view_save_async (self, file, self->cancellable, saved_cb, NULL);
}

static void
save_clicked_cb (BerthLogsView *self)
{
  GtkFileChooserNative *chooser;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = g_strdup_printf ("%s.log", berth_container_page_get_name (self->page));

  chooser = gtk_file_chooser_native_new (_("Save the Log"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Settings ------------------------------------------------------------------- */

static void
scrollback_changed_cb (BerthLogsView *self)
{
  vte_terminal_set_scrollback_lines (self->terminal, g_settings_get_int (self->settings, "log-scrollback-lines"));
  update_count (self);
}

/* Public --------------------------------------------------------------------- */

VteTerminal *
berth_logs_view_get_terminal (BerthLogsView *self)
{
  g_return_val_if_fail (BERTH_IS_LOGS_VIEW (self), NULL);
  return self->terminal;
}

/* Returns: (transfer full): all the text the viewer holds, scrollback
 * included */
char *
berth_logs_view_dup_text (BerthLogsView *self)
{
  g_return_val_if_fail (BERTH_IS_LOGS_VIEW (self), NULL);
  return berth_terminal_dup_text (self->terminal);
}

/* The docker command for what is shown, e.g. "docker logs -f --tail 1000 web". */
const char *
berth_logs_view_get_command (BerthLogsView *self)
{
  g_return_val_if_fail (BERTH_IS_LOGS_VIEW (self), NULL);
  return self->command;
}

const char *
berth_logs_view_get_state_text (BerthLogsView *self)
{
  g_return_val_if_fail (BERTH_IS_LOGS_VIEW (self), NULL);
  return self->state_text;
}

guint64
berth_logs_view_get_lines_received (BerthLogsView *self)
{
  g_return_val_if_fail (BERTH_IS_LOGS_VIEW (self), 0);
  return self->lines_received;
}

/* Lines no longer in the viewer: skipped from the queue, or pushed out of
 * the scrollback (an estimate: VTE counts wrapped rows). */
guint64
berth_logs_view_get_lines_dropped (BerthLogsView *self)
{
  glong kept;

  g_return_val_if_fail (BERTH_IS_LOGS_VIEW (self), 0);

  kept = vte_terminal_get_scrollback_lines (self->terminal) + vte_terminal_get_row_count (self->terminal);
  return self->lines_dropped + (self->lines_fed > (guint64) kept ? self->lines_fed - kept : 0);
}

/* Lines waiting to be fed to the terminal. */
guint64
berth_logs_view_get_lines_queued (BerthLogsView *self)
{
  g_return_val_if_fail (BERTH_IS_LOGS_VIEW (self), 0);
  return self->pending_lines;
}

/* Whether everything received was fed to the terminal. */
gboolean
berth_logs_view_get_idle (BerthLogsView *self)
{
  g_return_val_if_fail (BERTH_IS_LOGS_VIEW (self), FALSE);
  return pending_length (self) == 0;
}

/**
 * berth_logs_view_set_options:
 * @tail: lines from the end, or -1 for all
 * @since: (nullable): as for `docker logs --since`, e.g. "10m"
 *
 * Sets the options as the toolbar would, and reads the log again.
 */
void
berth_logs_view_set_options (BerthLogsView *self,
                             gboolean       follow,
                             gboolean       timestamps,
                             gint64         tail,
                             const char    *since)
{
  g_return_if_fail (BERTH_IS_LOGS_VIEW (self));

  self->updating = TRUE;
  gtk_toggle_button_set_active (self->follow_button, follow);
  gtk_toggle_button_set_active (self->timestamps_button, timestamps);
  for (guint i = 0; i < G_N_ELEMENTS (tail_values); i++)
    if (tail_values[i] == tail)
      gtk_drop_down_set_selected (self->tail_dropdown, i);
  self->tail = tail;
  gtk_editable_set_text (GTK_EDITABLE (self->since_entry), since ? since : "");
  self->updating = FALSE;
  apply_since (self);
}

void
berth_logs_view_start_search (BerthLogsView *self)
{
  g_return_if_fail (BERTH_IS_LOGS_VIEW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Selects the next match of @text (earlier ones with @backwards). */
gboolean
berth_logs_view_search (BerthLogsView *self,
                        const char    *text,
                        gboolean       backwards)
{
  g_return_val_if_fail (BERTH_IS_LOGS_VIEW (self), FALSE);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  set_search_regex (self, text);
  find (self, backwards);
  return vte_terminal_get_has_selection (self->terminal);
}

/* GObject -------------------------------------------------------------------- */

static void
berth_logs_view_map (GtkWidget *widget)
{
  BerthLogsView *self = BERTH_LOGS_VIEW (widget);

  GTK_WIDGET_CLASS (berth_logs_view_parent_class)->map (widget);

  /* Opened the first time it is shown, then kept while the page is. */
  if (!self->started)
    start_stream (self);
  schedule_feed (self);
}

static void
berth_logs_view_dispose (GObject *object)
{
  BerthLogsView *self = BERTH_LOGS_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->terminal), self->tick_id);
  self->tick_id = 0;
  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      berth_log_stream_stop (self->stream);
    }
  g_clear_object (&self->stream);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_LOGS_VIEW);
  /* Children without an id in the template are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (berth_logs_view_parent_class)->dispose (object);
}

static void
berth_logs_view_finalize (GObject *object)
{
  BerthLogsView *self = BERTH_LOGS_VIEW (object);

  g_byte_array_unref (self->pending);
  g_free (self->command);
  g_free (self->state_text);
  g_free (self->since_arg);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (berth_logs_view_parent_class)->finalize (object);
}

static void
berth_logs_view_class_init (BerthLogsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_logs_view_dispose;
  object_class->finalize = berth_logs_view_finalize;
  widget_class->map = berth_logs_view_map;

  g_type_ensure (VTE_TYPE_TERMINAL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-logs-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, follow_button);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, timestamps_button);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, tail_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, since_entry);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, search_button);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, save_button);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, scrollback_spin);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, search_label);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, terminal);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, end_button);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, state_label);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, stderr_label);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, command_label);
  gtk_widget_class_bind_template_child (widget_class, BerthLogsView, command_copy);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, tail_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, since_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, since_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_older_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_newer_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, end_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
add_shortcut (GtkWidget  *widget,
              const char *trigger,
              GCallback   callback,
              gpointer    data)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutAction *action = gtk_callback_action_new ((GtkShortcutFunc) callback, data, NULL);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger), action));
  gtk_widget_add_controller (widget, controller);
}

static gboolean
copy_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  copy_clicked_cb (user_data);
  return TRUE;
}

static gboolean
search_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  berth_logs_view_start_search (user_data);
  return TRUE;
}

static gboolean
find_newer_shortcut_cb (GtkWidget *widget,
                        GVariant  *args,
                        gpointer   user_data)
{
  find_newer_cb (user_data);
  return TRUE;
}

static void
berth_logs_view_init (BerthLogsView *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->cancellable = g_cancellable_new ();
  self->pending = g_byte_array_new ();
  self->budget = FEED_START;
  self->tail = 1000;
  self->at_line_start = TRUE;
  self->settings = g_settings_new (APP_ID);

  berth_terminal_apply_style (self->terminal);
  vte_terminal_feed (self->terminal, HIDE_CURSOR, -1);
  g_settings_bind (self->settings, "log-scrollback-lines",
                   gtk_spin_button_get_adjustment (self->scrollback_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::log-scrollback-lines",
                           G_CALLBACK (scrollback_changed_cb), self, G_CONNECT_SWAPPED);
  scrollback_changed_cb (self);

  g_signal_connect_object (vadjustment (self), "value-changed", G_CALLBACK (adjustment_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment (self), "changed", G_CALLBACK (adjustment_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->terminal, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);

  add_shortcut (GTK_WIDGET (self), "<Control><Shift>c", G_CALLBACK (copy_shortcut_cb), self);
  add_shortcut (GTK_WIDGET (self), "<Control>f", G_CALLBACK (search_shortcut_cb), self);
  add_shortcut (GTK_WIDGET (self->search_entry), "<Shift>Return", G_CALLBACK (find_newer_shortcut_cb), self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
}

GtkWidget *
berth_logs_view_new (BerthContainerPage *page)
{
  BerthLogsView *self;
  BerthContainer *container;

  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (page), NULL);

  self = g_object_new (BERTH_TYPE_LOGS_VIEW, NULL);
  self->page = page;
  container = berth_container_page_get_container (page);

  g_signal_connect_object (container, "notify", G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "inspected", G_CALLBACK (inspected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (berth_container_page_get_store (page), "notify::state",
                           G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::gone", G_CALLBACK (gone_cb), self, G_CONNECT_SWAPPED);
  update_command (self);
  update_count (self);
  return GTK_WIDGET (self);
}
