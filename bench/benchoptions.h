#pragma once

#include <QString>

// What every benchmark needs to know: the programs under test, where to put scratch files,
// and whether this is the quick smoke run (tiny sizes, same code paths).
struct BenchOptions
{
    QString k8sHosts; // the k8s-hosts binary
    QString kubectl;  // the kubectl to compare with
    QString workDir;  // scratch space, removed afterwards
    bool smoke = false;
    int repeat = 3; // runs per initial-sync size (the median is reported)
};
