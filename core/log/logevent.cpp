#include "core/log/logevent.h"

namespace {

thread_local const LogFields *current = nullptr;

} // namespace

void logEvent(const QLoggingCategory &category, QtMsgType level, const QString &message,
              const LogFields &fields)
{
    if (!category.isEnabled(level))
        return;
    current = &fields; // the message handler reads them while this line is written
    const QMessageLogger logger(nullptr, 0, nullptr, category.categoryName());
    switch (level) {
    case QtDebugMsg:
        logger.debug().noquote() << message;
        break;
    case QtInfoMsg:
        logger.info().noquote() << message;
        break;
    case QtWarningMsg:
        logger.warning().noquote() << message;
        break;
    default:
        logger.critical().noquote() << message;
        break;
    }
    current = nullptr;
}

const LogFields *currentLogFields()
{
    return current;
}
