#pragma once

#include <QByteArray>
#include <QList>

// Splits a stream of concatenated JSON values, such as `kubectl get -w -o json` prints
// (indented documents one after another), into complete top-level objects and arrays as
// the bytes arrive. Tracks nesting, strings and escapes; whitespace between values is
// dropped.
class JsonStreamSplitter
{
public:
    // Returns the values the bytes completed, each as its own text.
    QList<QByteArray> feed(QByteArrayView bytes);
    bool isInsideValue() const { return m_depth > 0; }

private:
    QByteArray m_current;
    int m_depth = 0;
    bool m_inString = false;
    bool m_escaped = false;
};
