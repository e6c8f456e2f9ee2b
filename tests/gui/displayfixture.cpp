#include "tests/gui/displayfixture.h"

#include <QProcessEnvironment>

DisplayFixture::~DisplayFixture()
{
    stop();
}

bool DisplayFixture::start(QString *error)
{
    // -displayfd 1: Xvfb picks a free display and writes its number to stdout once it
    // accepts connections, so nothing waits on a guess.
    m_xvfb.setProgram(QStringLiteral("Xvfb"));
    m_xvfb.setArguments(
        {QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"),
         QStringLiteral("0"),
         QStringLiteral("%1x%2x24").arg(screenSize().width()).arg(screenSize().height()),
         QStringLiteral("-nolisten"), QStringLiteral("tcp"), QStringLiteral("-dpi"),
         QStringLiteral("96")});
    m_xvfb.setProcessChannelMode(QProcess::SeparateChannels);
    m_xvfb.setStandardErrorFile(QProcess::nullDevice());
    m_xvfb.start();
    if (!m_xvfb.waitForStarted(10000)) {
        *error = QStringLiteral("Xvfb did not start (%1); install the xvfb package")
                     .arg(m_xvfb.errorString());
        return false;
    }
    QByteArray number;
    while (!number.contains('\n') && m_xvfb.waitForReadyRead(20000))
        number += m_xvfb.readAllStandardOutput();
    if (!number.contains('\n')) {
        *error = QStringLiteral("Xvfb did not report a display within 20 s");
        return false;
    }
    m_display = u':' + QString::fromLatin1(number.trimmed());
    qputenv("DISPLAY", m_display.toLatin1());

    // A calm desktop background, so screenshots are not cut out of black.
    QProcess background;
    const QString image = m_dir.filePath(QStringLiteral("background.png"));
    background.start(QStringLiteral("convert"),
                     {QStringLiteral("-size"),
                      QStringLiteral("%1x%2").arg(screenSize().width()).arg(screenSize().height()),
                      QStringLiteral("gradient:#eef2f7-#c9d5e3"), image});
    background.waitForFinished(30000);
    background.start(QStringLiteral("display"),
                     {QStringLiteral("-window"), QStringLiteral("root"), image});
    background.waitForFinished(30000);
    return startTrayer(error);
}

bool DisplayFixture::startTrayer(QString *error)
{
    m_trayer.setProgram(QStringLiteral("trayer"));
    // A light panel across the top, the tray at its right end, as on many desktops.
    m_trayer.setArguments({QStringLiteral("--edge"),        QStringLiteral("top"),
                           QStringLiteral("--align"),       QStringLiteral("right"),
                           QStringLiteral("--widthtype"),   QStringLiteral("percent"),
                           QStringLiteral("--width"),       QStringLiteral("100"),
                           QStringLiteral("--height"),      QStringLiteral("30"),
                           QStringLiteral("--transparent"), QStringLiteral("true"),
                           QStringLiteral("--alpha"),       QStringLiteral("0"),
                           QStringLiteral("--tint"),        QStringLiteral("0xf6f7f9"),
                           QStringLiteral("--padding"),     QStringLiteral("8"),
                           QStringLiteral("--SetDockType"), QStringLiteral("true")});
    m_trayer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_trayer.start();
    if (!m_trayer.waitForStarted(10000)) {
        *error = QStringLiteral("trayer did not start (%1); install the trayer package")
                     .arg(m_trayer.errorString());
        return false;
    }
    return true;
}

void DisplayFixture::stop()
{
    for (QProcess *p : {&m_trayer, &m_xvfb}) {
        if (p->state() == QProcess::NotRunning)
            continue;
        p->terminate(); // SIGTERM to its PID
        if (!p->waitForFinished(10000)) {
            p->kill();
            p->waitForFinished(5000);
        }
    }
}

QSize DisplayFixture::screenSize()
{
    const QStringList wh = qEnvironmentVariable("K8S_HOSTS_TEST_SCREEN").split(u'x');
    if (wh.size() == 2 && wh.at(0).toInt() > 0 && wh.at(1).toInt() > 0)
        return {wh.at(0).toInt(), wh.at(1).toInt()};
    return {1280, 800};
}
