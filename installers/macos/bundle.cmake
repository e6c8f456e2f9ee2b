# k8s-hosts.app, included from app/CMakeLists.txt on macOS (the app target lives there).
# The bundle gets the generated Info.plist (LSUIElement, the helper's requirement), the
# helper in Contents/Library/LaunchServices (where SMJobBless wants it and SMAppService's
# BundleProgram points) and the daemon plist in Contents/Library/LaunchDaemons.
# installers/macos/build-app.sh deploys Qt and signs it.
set(macos_generated ${CMAKE_BINARY_DIR}/installers/macos/generated)
set(macos_helper io.github.k8shosts.Helper)
set_target_properties(k8s-hosts PROPERTIES MACOSX_BUNDLE TRUE)
set(contents "$<TARGET_BUNDLE_CONTENT_DIR:k8s-hosts>")
# A target of its own (not POST_BUILD) so a rebuilt helper or plist reaches the bundle even
# when the app itself did not relink; copy_if_different keeps it cheap.
add_custom_target(k8s-hosts-bundle ALL
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${macos_generated}/Info.plist ${contents}/Info.plist
    COMMAND ${CMAKE_COMMAND} -E make_directory ${contents}/Library/LaunchDaemons
                                                ${contents}/Library/LaunchServices
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${macos_generated}/${macos_helper}.plist
            ${contents}/Library/LaunchDaemons/${macos_helper}.plist
    COMMAND ${CMAKE_COMMAND} -E copy_if_different $<TARGET_FILE:${macos_helper}>
            ${contents}/Library/LaunchServices/${macos_helper}
    COMMENT "Assembling k8s-hosts.app (Info.plist, helper, launchd plist)"
    VERBATIM)
add_dependencies(k8s-hosts-bundle k8s-hosts ${macos_helper} k8s-hosts-macos-generated)
