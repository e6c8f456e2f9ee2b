#pragma once

#include <QList>

// Measurements of one kind, summarised the usual way: nearest-rank percentiles.
class Samples
{
public:
    void add(double value) { m_values.append(value); }
    qsizetype count() const { return m_values.size(); }
    bool isEmpty() const { return m_values.isEmpty(); }
    // p in [0, 100]; 0 for no samples.
    double percentile(double p) const;
    double median() const { return percentile(50); }
    double max() const { return percentile(100); }
    double mean() const;

private:
    QList<double> m_values;
};
