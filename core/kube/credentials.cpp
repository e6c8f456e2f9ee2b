#include "core/kube/credentials.h"

QByteArray Credentials::authorization() const
{
    if (!bearerToken.isEmpty())
        return "Bearer " + bearerToken;
    if (!username.isEmpty() || !password.isEmpty())
        return "Basic " + (username + u':' + password).toUtf8().toBase64();
    return QByteArray();
}
