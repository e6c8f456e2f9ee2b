#pragma once

#include "core/kube/watchevent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Splits a watch response body into events as its bytes arrive from readyRead. The API
// server frames each event as compact JSON followed by '\n'; chunk boundaries are not
// event boundaries. Partial lines are buffered up to a cap: a longer line is reported
// once and skipped up to its '\n', so a broken server cannot grow the buffer without
// bound. Blank lines and "\r\n" endings are accepted. Nothing is kept once an event is
// emitted, so memory stays at one line however many objects stream through.
class WatchEventParser
{
public:
    static constexpr qsizetype DefaultMaxLineLength = 16 * 1024 * 1024;

    explicit WatchEventParser(qsizetype maxLineLength = DefaultMaxLineLength);

    // What one line became: an event, or a sentence saying why the line was skipped.
    struct Output
    {
        WatchEvent event;
        QString error;
        bool isError() const { return !error.isEmpty(); }
    };

    // The next bytes of the body; returns what they completed, in stream order.
    QList<Output> feed(QByteArrayView bytes);
    // The body ended: a last line without '\n' is still parsed; a cut-off one is an error.
    QList<Output> finish();
    // Forget any partial line (a new response starts).
    void reset();

    qsizetype bufferedBytes() const { return m_buffer.size(); }
    qsizetype maxLineLength() const { return m_maxLineLength; }

private:
    void appendPartial(QByteArrayView bytes, QList<Output> &out);
    void parseLine(QByteArrayView line, QList<Output> &out);
    void reportOverlong(QList<Output> &out);
    void clearBuffer();

    qsizetype m_maxLineLength;
    QByteArray m_buffer;       // the current line so far, without '\n'
    bool m_discarding = false; // inside an over-long line: drop bytes up to its '\n'
    qint64 m_lineNumber = 0;   // of the line being read, from 1; for error messages
};
