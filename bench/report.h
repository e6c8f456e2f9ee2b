#pragma once

#include <QString>

// Prints figures as they are measured: aligned text for people, or one JSON object per line
// ({"figure": …, "value": …, "unit": …, "note": …}) for scripts and the smoke test.
class Report
{
public:
    explicit Report(bool json);

    void section(const QString &title);
    void figure(const QString &name, double value, const QString &unit, const QString &note = {});
    // A problem that kept a figure from being measured; the run still goes on.
    void problem(const QString &what);
    int problems() const { return m_problems; }

    // "1.20 0.90 0.70": other work on the machine skews every figure, so sections say it.
    static QString loadAverage();

private:
    bool m_json;
    int m_problems = 0;
};
