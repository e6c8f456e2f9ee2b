#include "core/install/helperinstaller.h"

HelperInstaller::~HelperInstaller() = default;

void HelperInstaller::setStatus(const HelperStatus &status)
{
    m_status = status;
    Q_EMIT statusChanged(status);
}
