/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-dockerignore.h"
#include "berth-engine-error.h"

/* Docker's own rules (moby/patternmatcher and its ignorefile reader), so a
 * context Berth sends holds exactly the files `docker build` would send:
 *
 * - A pattern is sorted into one of four kinds, as moby does: exact (no
 *   wildcard), prefix (a trailing double star), suffix (a leading double
 *   star) and the general kind, which moby turns into a regexp. That sorting
 *   has visible quirks (a double star then "x" is a plain suffix, so it
 *   matches "ax"); they are kept on purpose.
 * - The general kind is matched here by a small automaton over the pattern's
 *   tokens, in time proportional to pattern × path, never backtracking.
 * - A path is excluded when it, or any of its parent directories, matches;
 *   the last pattern that matches decides, and "!" patterns re-include.
 *
 * Inside "[…]" the characters follow filepath.Match (which validates every
 * pattern); moby's regexp would mangle a "*" or "?" written inside brackets,
 * which no real .dockerignore relies on. */

typedef enum
{
  MATCH_EXACT,
  MATCH_PREFIX,
  MATCH_SUFFIX,
  MATCH_GENERAL,
} MatchKind;

typedef enum
{
  TOKEN_CHAR,   /* one given character */
  TOKEN_ANY,    /* "?": one character but "/" */
  TOKEN_STAR,   /* "*": any run without "/" */
  TOKEN_DIRS,   /* a double star inside a pattern: any directories, or none */
  TOKEN_REST,   /* a trailing double star after wildcards: anything */
  TOKEN_CLASS,  /* "[…]" */
} TokenKind;

typedef struct
{
  TokenKind  kind;
  gunichar   ch;
  gboolean   negated;
  guint      first_range;
  guint      n_ranges;
} Token;

typedef struct
{
  gunichar lo;
  gunichar hi;
} Range;

typedef struct
{
  char      *text;       /* cleaned, without its "!" */
  gboolean   exception;
  MatchKind  kind;
  GArray    *tokens;
  GArray    *ranges;
} Pattern;

struct _BerthDockerignore
{
  gatomicrefcount  ref_count;
  GPtrArray       *patterns;
  gboolean         has_exceptions;
};

G_DEFINE_BOXED_TYPE (BerthDockerignore, berth_dockerignore,
                     berth_dockerignore_ref, berth_dockerignore_unref)

static void
pattern_free (Pattern *pattern)
{
  g_free (pattern->text);
  g_array_unref (pattern->tokens);
  g_array_unref (pattern->ranges);
  g_free (pattern);
}

/* Go decodes text rune by rune and reads a byte of bad UTF-8 as U+FFFD;
 * paths on disk are bytes, so do the same rather than refuse them. */
static gunichar
next_char (const char **p,
           const char  *end)
{
  gunichar ch = g_utf8_get_char_validated (*p, end - *p);

  if (ch == (gunichar) -1 || ch == (gunichar) -2)
    {
      *p += 1;
      return 0xFFFD;
    }

  *p = g_utf8_next_char (*p);
  return ch;
}

/**
 * berth_clean_path:
 * @path: a "/"-separated path
 *
 * Cleans @path as Go's filepath.Clean does: no repeated or trailing "/",
 * no "." elements, ".." resolved where it can be; "" becomes ".".
 *
 * Returns: (transfer full): the clean path
 */
char *
berth_clean_path (const char *path)
{
  g_auto (GStrv) parts = NULL;
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  gboolean rooted;

  g_return_val_if_fail (path != NULL, NULL);

  rooted = path[0] == '/';
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];

      if (*part == '\0' || strcmp (part, ".") == 0)
        continue;

      if (strcmp (part, "..") == 0)
        {
          if (kept->len > 0 && strcmp (g_ptr_array_index (kept, kept->len - 1), "..") != 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          else if (!rooted)
            g_ptr_array_add (kept, (char *) part);
          continue;
        }

      g_ptr_array_add (kept, (char *) part);
    }

  g_ptr_array_add (kept, NULL);
  joined = g_strjoinv ("/", (char **) kept->pdata);
  if (rooted)
    return g_strconcat ("/", joined, NULL);
  if (*joined == '\0')
    return g_strdup (".");
  return g_steal_pointer (&joined);
}

/* Compiling ---------------------------------------------------------------- */

static gboolean
bad_pattern (const char  *text,
             const char  *why,
             GError     **error)
{
  g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
               _("“%s” in .dockerignore is not a valid pattern: %s"), text, why);
  return FALSE;
}

static void
add_token (Pattern   *pattern,
           TokenKind  kind,
           gunichar   ch)
{
  Token token = { kind, ch, FALSE, 0, 0 };

  g_array_append_val (pattern->tokens, token);
}

/* One end of a range inside "[…]": a character other than "-" and "]",
 * or any character escaped with "\". */
static gboolean
class_char (const char **p,
            const char  *end,
            gunichar    *ch)
{
  if (*p >= end || **p == '-' || **p == ']')
    return FALSE;

  if (**p == '\\')
    {
      *p += 1;
      if (*p >= end)
        return FALSE;
    }

  *ch = next_char (p, end);
  return TRUE;
}

static gboolean
compile_class (Pattern     *pattern,
               const char **p,
               const char  *end,
               GError     **error)
{
  Token token = { TOKEN_CLASS, 0, FALSE, pattern->ranges->len, 0 };

  if (*p < end && **p == '^')
    {
      token.negated = TRUE;
      *p += 1;
    }

  for (;;)
    {
      Range range;

      if (*p < end && **p == ']' && token.n_ranges > 0)
        {
          *p += 1;
          break;
        }

      if (!class_char (p, end, &range.lo))
        return bad_pattern (pattern->text,
                            *p >= end ? _("a “[” is never closed by “]”")
                                      : _("a “[…]” holds an empty or misplaced range"),
                            error);
      range.hi = range.lo;
      if (*p < end && **p == '-')
        {
          *p += 1;
          if (!class_char (p, end, &range.hi))
            return bad_pattern (pattern->text, _("a range in “[…]” has no end"), error);
        }

      g_array_append_val (pattern->ranges, range);
      token.n_ranges++;
    }

  g_array_append_val (pattern->tokens, token);
  return TRUE;
}

/* The same walk as moby's Pattern.compile, kind for kind. */
static gboolean
compile (Pattern  *pattern,
         GError  **error)
{
  const char *p = pattern->text;
  const char *end = p + strlen (p);
  MatchKind kind = MATCH_EXACT;

  for (guint i = 0; p < end; i++)
    {
      gunichar ch = next_char (&p, end);

      if (ch == '*' && p < end && *p == '*')
        {
          p++;
          if (p < end && *p == '/')
            p++;

          if (p == end && kind == MATCH_EXACT)
            kind = MATCH_PREFIX;
          else
            {
              add_token (pattern, p == end ? TOKEN_REST : TOKEN_DIRS, 0);
              kind = MATCH_GENERAL;
            }

          if (i == 0)
            kind = MATCH_SUFFIX;
        }
      else if (ch == '*' || ch == '?')
        {
          add_token (pattern, ch == '*' ? TOKEN_STAR : TOKEN_ANY, 0);
          kind = MATCH_GENERAL;
        }
      else if (ch == '\\')
        {
          if (p == end)
            return bad_pattern (pattern->text, _("it ends with “\\”"), error);
          add_token (pattern, TOKEN_CHAR, next_char (&p, end));
          kind = MATCH_GENERAL;
        }
      else if (ch == '[')
        {
          if (!compile_class (pattern, &p, end, error))
            return FALSE;
          kind = MATCH_GENERAL;
        }
      else if (ch == ']')
        {
          add_token (pattern, TOKEN_CHAR, ch);
          kind = MATCH_GENERAL;
        }
      else
        add_token (pattern, TOKEN_CHAR, ch);
    }

  pattern->kind = kind;
  return TRUE;
}

static Pattern *
pattern_new (const char  *line,
             GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (line));
  g_autofree char *clean = NULL;
  Pattern *pattern;

  if (*trimmed == '\0')
    return NULL;

  clean = berth_clean_path (trimmed);
  pattern = g_new0 (Pattern, 1);
  pattern->tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  pattern->ranges = g_array_new (FALSE, FALSE, sizeof (Range));

  if (clean[0] == '!')
    {
      if (clean[1] == '\0')
        {
          pattern->text = g_strdup (clean);
          bad_pattern (clean, _("write the path to keep after “!”, like “!README.md”"), error);
          pattern_free (pattern);
          return NULL;
        }
      pattern->exception = TRUE;
      pattern->text = g_strdup (clean + 1);
    }
  else
    pattern->text = g_steal_pointer (&clean);

  if (!compile (pattern, error))
    {
      pattern_free (pattern);
      return NULL;
    }

  return pattern;
}

/* Matching ----------------------------------------------------------------- */

static gboolean
class_matches (const Pattern *pattern,
               const Token   *token,
               gunichar       ch)
{
  gboolean found = FALSE;

  for (guint i = 0; i < token->n_ranges && !found; i++)
    {
      const Range *range = &g_array_index (pattern->ranges, Range, token->first_range + i);

      found = range->lo <= ch && ch <= range->hi;
    }

  return found != token->negated;
}

enum { AT = 1 << 0, INSIDE = 1 << 1 };

/* Marks state @i and everything reachable from it without reading. */
static void
enter_state (const Pattern *pattern,
             guint8        *states,
             guint          i)
{
  const Token *tokens = (const Token *) (gpointer) pattern->tokens->data;
  guint n = pattern->tokens->len;

  while (!(states[i] & AT))
    {
      states[i] |= AT;
      if (i == n)
        return;

      if (tokens[i].kind == TOKEN_DIRS)
        states[i] |= INSIDE;
      else if (tokens[i].kind != TOKEN_STAR && tokens[i].kind != TOKEN_REST)
        return;
      i++;
    }
}

static void
step (const Pattern *pattern,
      const guint8  *now,
      guint8        *next,
      gunichar       ch)
{
  const Token *tokens = (const Token *) (gpointer) pattern->tokens->data;
  guint n = pattern->tokens->len;

  for (guint i = 0; i < n; i++)
    {
      const Token *token = &tokens[i];

      if (now[i] & INSIDE)
        {
          /* Any run ending in "/"; Go's "." stops at a newline. */
          if (ch != '\n')
            next[i] |= INSIDE;
          if (ch == '/')
            enter_state (pattern, next, i + 1);
        }

      if (!(now[i] & AT))
        continue;

      switch (token->kind)
        {
        case TOKEN_CHAR:
          if (ch == token->ch)
            enter_state (pattern, next, i + 1);
          break;
        case TOKEN_ANY:
          if (ch != '/')
            enter_state (pattern, next, i + 1);
          break;
        case TOKEN_CLASS:
          if (class_matches (pattern, token, ch))
            enter_state (pattern, next, i + 1);
          break;
        case TOKEN_STAR:
          if (ch != '/')
            enter_state (pattern, next, i);
          break;
        case TOKEN_REST:
          if (ch != '\n')
            enter_state (pattern, next, i);
          break;
        case TOKEN_DIRS:
        default:
          break;
        }
    }
}

static gboolean
general_match (const Pattern *pattern,
               const char    *path,
               gsize          length)
{
  guint n = pattern->tokens->len;
  g_autofree guint8 *now = g_malloc0 (n + 1);
  g_autofree guint8 *next = g_malloc0 (n + 1);
  const char *p = path;
  const char *end = path + length;

  enter_state (pattern, now, 0);
  while (p < end)
    {
      gunichar ch = next_char (&p, end);
      guint8 *swap;
      gboolean alive = FALSE;

      memset (next, 0, n + 1);
      step (pattern, now, next, ch);
      swap = now;
      now = next;
      next = swap;

      for (guint i = 0; i <= n && !alive; i++)
        alive = now[i] != 0;
      if (!alive)
        return FALSE;
    }

  return (now[n] & AT) != 0;
}

static gboolean
pattern_matches (const Pattern *pattern,
                 const char    *path,
                 gsize          length)
{
  gsize text_len = strlen (pattern->text);

  switch (pattern->kind)
    {
    case MATCH_EXACT:
      return length == text_len && memcmp (path, pattern->text, length) == 0;

    case MATCH_PREFIX:
      return length >= text_len - 2 && memcmp (path, pattern->text, text_len - 2) == 0;

    case MATCH_SUFFIX:
      {
        const char *suffix = pattern->text + 2;
        gsize suffix_len = text_len - 2;

        if (length >= suffix_len && memcmp (path + length - suffix_len, suffix, suffix_len) == 0)
          return TRUE;
        /* A double star, "/" and "foo" also matches "foo" itself. */
        return suffix_len > 0 && suffix[0] == '/' &&
               length == suffix_len - 1 && memcmp (path, suffix + 1, length) == 0;
      }

    case MATCH_GENERAL:
      return general_match (pattern, path, length);

    default:
      g_assert_not_reached ();
    }
}

/* The pattern matches @path or one of its parent directories. */
static gboolean
matches_or_parent (const Pattern *pattern,
                   const char    *path)
{
  const char *last_slash = strrchr (path, '/');

  if (pattern_matches (pattern, path, strlen (path)))
    return TRUE;

  for (const char *slash = strchr (path, '/');
       slash != NULL && slash <= last_slash;
       slash = strchr (slash + 1, '/'))
    {
      if (pattern_matches (pattern, path, slash - path))
        return TRUE;
    }

  return FALSE;
}

/* Public API --------------------------------------------------------------- */

/**
 * berth_dockerignore_parse:
 * @data: the text of a .dockerignore file
 * @length: its length, or -1 when nul-terminated
 *
 * Reads the lines as docker does: a byte order mark is dropped, lines that
 * start with "#" are comments, blank lines are skipped, each pattern is
 * trimmed and cleaned, and a leading "/" is dropped (the context is the
 * root). "!" stays in front of exceptions.
 *
 * Returns: (transfer full): the patterns
 */
char **
berth_dockerignore_parse (const char *data,
                          gssize      length)
{
  g_autoptr (GPtrArray) patterns = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  text = length < 0 ? g_strdup (data) : g_strndup (data, length);
  lines = g_strsplit (g_str_has_prefix (text, "\xEF\xBB\xBF") ? text + 3 : text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *clean = NULL;
      char *line = lines[i];
      gboolean exception;

      if (line[0] == '#')
        continue;

      g_strstrip (line);
      if (*line == '\0')
        continue;

      exception = line[0] == '!';
      if (exception)
        line = g_strstrip (line + 1);

      if (*line != '\0')
        {
          clean = berth_clean_path (line);
          if (clean[0] == '/' && clean[1] != '\0')
            memmove (clean, clean + 1, strlen (clean));
        }

      g_ptr_array_add (patterns, g_strconcat (exception ? "!" : "", clean ? clean : "", NULL));
    }

  g_ptr_array_add (patterns, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&patterns), FALSE);
}

/**
 * berth_dockerignore_new:
 * @patterns: (nullable): patterns as berth_dockerignore_parse() gives them
 *
 * Returns: (transfer full): the matcher, or %NULL with @error set when a
 *   pattern is malformed (docker refuses to build then, too)
 */
BerthDockerignore *
berth_dockerignore_new (const char * const  *patterns,
                        GError             **error)
{
  g_autoptr (BerthDockerignore) self = g_new0 (BerthDockerignore, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) pattern_free);

  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;
      Pattern *pattern = pattern_new (patterns[i], &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (pattern == NULL)
        continue;

      self->has_exceptions |= pattern->exception;
      g_ptr_array_add (self->patterns, pattern);
    }

  return g_steal_pointer (&self);
}

/**
 * berth_dockerignore_new_from_data:
 * @data: the text of a .dockerignore file
 * @length: its length, or -1 when nul-terminated
 */
BerthDockerignore *
berth_dockerignore_new_from_data (const char  *data,
                                  gssize       length,
                                  GError     **error)
{
  g_auto (GStrv) patterns = berth_dockerignore_parse (data, length);

  return berth_dockerignore_new ((const char * const *) patterns, error);
}

BerthDockerignore *
berth_dockerignore_ref (BerthDockerignore *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
berth_dockerignore_unref (BerthDockerignore *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_ptr_array_unref (self->patterns);
      g_free (self);
    }
}

guint
berth_dockerignore_get_n_patterns (BerthDockerignore *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->patterns->len;
}

gboolean
berth_dockerignore_has_exceptions (BerthDockerignore *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_exceptions;
}

/**
 * berth_dockerignore_excludes:
 * @path: a path relative to the context, "/"-separated
 *
 * Returns: whether @path is left out of the context: the last pattern that
 *   matches it (or one of its parent directories) is not an exception
 */
gboolean
berth_dockerignore_excludes (BerthDockerignore *self,
                             const char        *path)
{
  g_autofree char *clean = NULL;
  gboolean excluded = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  clean = berth_clean_path (path);
  if (strcmp (clean, ".") == 0)
    return FALSE;

  for (guint i = 0; i < self->patterns->len; i++)
    {
      const Pattern *pattern = g_ptr_array_index (self->patterns, i);

      /* Only a pattern that could change the answer is worth matching. */
      if (pattern->exception != excluded)
        continue;

      if (matches_or_parent (pattern, clean))
        excluded = !pattern->exception;
    }

  return excluded;
}

/**
 * berth_dockerignore_must_enter:
 * @dir: an excluded directory, relative to the context
 *
 * An excluded directory is still walked when an exception names a path
 * inside it literally ("!dir/keep.txt"), as docker does; a wildcard
 * exception does not reach into excluded directories.
 *
 * Returns: whether files in @dir may still be sent
 */
gboolean
berth_dockerignore_must_enter (BerthDockerignore *self,
                               const char        *dir)
{
  g_autofree char *clean = NULL;
  g_autofree char *dir_slash = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (!self->has_exceptions)
    return FALSE;

  clean = berth_clean_path (dir);
  dir_slash = g_strconcat (clean, "/", NULL);

  for (guint i = 0; i < self->patterns->len; i++)
    {
      const Pattern *pattern = g_ptr_array_index (self->patterns, i);
      g_autofree char *text_slash = NULL;

      if (!pattern->exception)
        continue;

      text_slash = g_strconcat (pattern->text, "/", NULL);
      if (g_str_has_prefix (text_slash, dir_slash))
        return TRUE;
    }

  return FALSE;
}

/**
 * berth_dockerignore_keep:
 * @path: a path relative to the context
 *
 * Makes sure @path is sent even when a pattern excludes it, as docker
 * always sends the Dockerfile and the .dockerignore file.
 */
void
berth_dockerignore_keep (BerthDockerignore *self,
                         const char        *path)
{
  g_autofree char *clean = NULL;
  GString *escaped;
  Pattern *pattern;

  g_return_if_fail (self != NULL);
  g_return_if_fail (path != NULL);

  if (!berth_dockerignore_excludes (self, path))
    return;

  clean = berth_clean_path (path);

  /* Docker adds "!PATH"; escaping keeps a "[" or "*" in a file name
   * literal, and the path is used as it is, spaces and all. */
  escaped = g_string_new (NULL);
  for (const char *p = clean; *p; p++)
    {
      if (strchr ("*?[]\\", *p) != NULL)
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }

  pattern = g_new0 (Pattern, 1);
  pattern->tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  pattern->ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  pattern->exception = TRUE;
  pattern->text = g_string_free (escaped, FALSE);
  if (!compile (pattern, NULL))
    g_clear_pointer (&pattern, pattern_free);

  g_return_if_fail (pattern != NULL);
  self->has_exceptions = TRUE;
  g_ptr_array_add (self->patterns, pattern);
}
