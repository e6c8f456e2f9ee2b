#include "tests/support/jsonstreamsplitter.h"

QList<QByteArray> JsonStreamSplitter::feed(QByteArrayView bytes)
{
    QList<QByteArray> values;
    for (const char c : bytes) {
        if (m_depth == 0 && c != '{' && c != '[')
            continue; // whitespace (or noise) between values
        m_current += c;
        if (m_inString) {
            if (m_escaped)
                m_escaped = false;
            else if (c == '\\')
                m_escaped = true;
            else if (c == '"')
                m_inString = false;
            continue;
        }
        if (c == '"') {
            m_inString = true;
        } else if (c == '{' || c == '[') {
            ++m_depth;
        } else if (c == '}' || c == ']') {
            if (--m_depth == 0) {
                values << m_current;
                m_current.clear();
            }
        }
    }
    return values;
}
