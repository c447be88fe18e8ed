# SPDX-License-Identifier: GPL-2.0
#
# One command's `vtjobctl help COMMAND` as man(7) roff, for mkman.sh.
# With part=synopsis, its Usage lines, unfilled, command names bold; with
# part=section, the rest as the command's .SS section: paragraphs filled,
# and each indented block a list. The help texts keep to this layout:
#   Usage: vtjobctl CMD ...         continued by lines indented under it
#   paragraph lines                 a blank line between paragraphs
#     TERM  DESCRIPTION             a list item: its term, two or more
#           DESCRIPTION GOES ON     blanks, what it means, continued by
#                                   lines indented deeper
#     TERM ALONE                    a term whose description starts on
#           DESCRIPTION             the next, deeper line
#     - a bullet                    an item that is a sentence
#     literal line                  an indented line with neither: an
#                                   example, kept as it is
#
#   awk -v command=exec -v part=section -f help-to-roff.awk

# Text for roff: a backslash printed as itself, minus signs that copy
# and paste as '-', apostrophes that stay ASCII, and no control
# character at the start of a line.
function escape(text) {
	gsub(/\\/, "\\e", text)
	gsub(/-/, "\\-", text)
	gsub(/'/, "\\(aq", text)
	if (substr(text, 1, 1) == ".")
		text = "\\&" text
	return text
}

# A list term: options and words bold, metavariables (FILE, N) italic.
function term_roff(term,    words, n, i, out, word) {
	n = split(term, words, " ")
	out = ""
	for (i = 1; i <= n; i++) {
		word = words[i]
		if (word ~ /^[A-Z][A-Z_.]*$/)
			out = out (i > 1 ? " " : "") "\\fI" escape(word) "\\fR"
		else
			out = out (i > 1 ? " " : "") "\\fB" escape(word) "\\fR"
	}
	return out
}

function indent_of(line) {
	match(line, /^ */)
	return RLENGTH
}

# The list item gathered in item[1..nitem]: a .TP entry, a bullet or,
# with no description, a literal line.
function flush_item(    first, rest, term, i) {
	if (!nitem)
		return
	first = item[1]
	sub(/^ +/, "", first)
	if (first ~ /^- /) {
		end_literal()
		print ".IP \\(bu 2"
		print escape(substr(first, 3))
	} else if (match(first, /  +/)) {
		end_literal()
		term = substr(first, 1, RSTART - 1)
		print ".TP"
		print term_roff(term)
		print escape(substr(first, RSTART + RLENGTH))
	} else if (nitem > 1) {
		end_literal()
		print ".TP"
		print term_roff(first)
	} else {
		if (!literal) {
			print ".PP"
			print ".RS 2"
			print ".nf"
			literal = 1
		}
		print escape(first)
	}
	for (i = 2; i <= nitem; i++) {
		rest = item[i]
		sub(/^ +/, "", rest)
		print escape(rest)
	}
	nitem = 0
	in_list = 1
}

function end_literal() {
	if (literal) {
		print ".fi"
		print ".RE"
		literal = 0
	}
}

function end_block() {
	flush_item()
	end_literal()
}

BEGIN {
	in_usage = 1
	nitem = 0
	literal = 0
	in_list = 0
	paragraph = 0
}

# The Usage lines: "Usage: " and the continuations' indent go.
in_usage {
	if ($0 == "") {
		in_usage = 0
		if (part == "synopsis")
			exit
		print ".SS " command
		next
	}
	if (part != "synopsis")
		next
	line = $0
	if (sub(/^Usage: /, "", line) || line ~ /^       vtjobctl /) {
		sub(/^ +/, "", line)
		if (match(line, /^vtjobctl [a-z]+/) || match(line, /^vtjobctl/))
			print "\\fB" escape(substr(line, 1, RLENGTH)) "\\fR" \
				escape(substr(line, RLENGTH + 1))
		else
			print escape(line)
	} else {
		print escape(substr(line, 8))
	}
	next
}

/^$/ {
	end_block()
	in_list = 0
	paragraph = 1
	next
}

# An indented line: an item of a list, or the rest of the one before.
/^ / {
	if (nitem && indent_of($0) > indent_of(item[1])) {
		item[++nitem] = $0
		next
	}
	flush_item()
	paragraph = 0
	item[++nitem] = $0
	next
}

# A line of a paragraph; one after a list, with no blank line, starts one.
{
	if (nitem || literal || in_list) {
		end_block()
		in_list = 0
		paragraph = 1
	}
	if (paragraph) {
		print ".PP"
		paragraph = 0
	}
	print escape($0)
}

END {
	end_block()
}
