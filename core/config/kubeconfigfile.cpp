#include "core/config/kubeconfigfile.h"

#include "core/config/yamltojson.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace {

// kubectl accepts UTF-16 files with a byte-order mark (as Windows PowerShell writes them).
QByteArray toUtf8(const QByteArray &content)
{
    if (content.startsWith("\xFF\xFE") || content.startsWith("\xFE\xFF")) {
        QStringDecoder decoder(content.startsWith("\xFF\xFE") ? QStringDecoder::Utf16LE
                                                              : QStringDecoder::Utf16BE);
        return QString(decoder(content.mid(2))).toUtf8();
    }
    if (content.startsWith("\xEF\xBB\xBF"))
        return content.mid(3);
    return content;
}

} // namespace

KubeconfigFile KubeconfigFile::read(const QString &path)
{
    KubeconfigFile file;
    file.m_path = path;
    const QFileInfo info(path);
    if (!info.exists()) {
        file.m_status = Status::Missing;
        file.m_error = QStringLiteral("kubeconfig %1 does not exist").arg(path);
        return file;
    }
    if (info.isDir()) {
        file.m_error = QStringLiteral("kubeconfig %1 is a directory, not a file; point "
                                      "--kubeconfig or KUBECONFIG at the config file inside it")
                           .arg(path);
        return file;
    }
    if (!info.isFile()) {
        // A FIFO or device would block or never end; kubeconfig is always a plain file.
        file.m_error = QStringLiteral("kubeconfig %1 is not a regular file; point --kubeconfig or "
                                      "KUBECONFIG at the config file")
                           .arg(path);
        return file;
    }
    QFile handle(path);
    if (!handle.open(QIODevice::ReadOnly)) {
        file.m_error = QStringLiteral("kubeconfig %1 cannot be read (%2); check its permissions")
                           .arg(path, handle.errorString());
        return file;
    }
    // Read one byte past the limit so a file that grows while we read is still caught.
    const QByteArray content = handle.read(maxSize + 1);
    if (handle.error() != QFileDevice::NoError) {
        file.m_error = QStringLiteral("kubeconfig %1 cannot be read (%2); check the file and the "
                                      "disk")
                           .arg(path, handle.errorString());
        return file;
    }
    if (content.size() > maxSize) {
        file.m_error = QStringLiteral("kubeconfig %1 is larger than %2 MiB, too large to be a "
                                      "kubeconfig; check that the path is right")
                           .arg(path)
                           .arg(maxSize / (1024 * 1024));
        return file;
    }
    return parse(content, path);
}

KubeconfigFile KubeconfigFile::parse(const QByteArray &content, const QString &path)
{
    KubeconfigFile file;
    file.m_path = path;
    QString error;
    const QJsonValue document = YamlToJson::convert(toUtf8(content), &error);
    if (document.isUndefined() ||
        !KubeconfigDecoder::decode(document, path, &file.m_content, &error)) {
        file.m_error =
            QStringLiteral("kubeconfig %1 cannot be used: %2; fix the file").arg(path, error);
        return file;
    }
    file.m_status = Status::Loaded;
    return file;
}
