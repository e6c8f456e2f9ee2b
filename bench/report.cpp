#include "bench/report.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

Report::Report(bool json)
    : m_json(json)
{}

void Report::section(const QString &title)
{
    if (!m_json)
        QTextStream(stdout) << u'\n' << title << " [load " << loadAverage() << ']' << Qt::endl;
}

QString Report::loadAverage()
{
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    return loadavg.open(QIODevice::ReadOnly)
               ? QString::fromLatin1(loadavg.readAll()).section(u' ', 0, 2)
               : QString();
}

void Report::figure(const QString &name, double value, const QString &unit, const QString &note)
{
    QTextStream out(stdout);
    if (m_json) {
        QJsonObject line{{QStringLiteral("figure"), name},
                         {QStringLiteral("value"), value},
                         {QStringLiteral("unit"), unit}};
        if (!note.isEmpty())
            line.insert(QStringLiteral("note"), note);
        out << QJsonDocument(line).toJson(QJsonDocument::Compact) << Qt::endl;
        return;
    }
    const int decimals = value == qint64(value) && qAbs(value) < 1e9 ? 0 : value < 10 ? 3 : 1;
    out << "  " << name.leftJustified(44) << u' '
        << QString::number(value, 'f', decimals).rightJustified(10) << u' ' << unit.leftJustified(6)
        << (note.isEmpty() ? QString() : QStringLiteral("  ") + note) << Qt::endl;
}

void Report::problem(const QString &what)
{
    ++m_problems;
    QTextStream out(m_json ? stdout : stderr);
    if (m_json)
        out << QJsonDocument(QJsonObject{{QStringLiteral("problem"), what}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
    else
        out << "  PROBLEM: " << what << Qt::endl;
}
