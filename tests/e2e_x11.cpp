// The one thing the end-to-end test needs from Xlib itself: asking a window to close the way a
// window manager's close button does (WM_DELETE_WINDOW). xdotool 3.2016's windowclose destroys
// the window instead, which kills a GLFW app before it saves anything; without a window manager
// under Xvfb there is nothing else to send the request. Kept in its own file because Xlib's
// macros (Status, None, True, Bool) clash with simdesk's names.
#include "e2e_x11.hpp"

#include <X11/Xlib.h>

namespace simdesk::e2e {

bool requestWindowClose(unsigned long window) {
    Display* display = XOpenDisplay(nullptr);
    if (!display) return false;
    XEvent event{};
    event.xclient.type = ClientMessage;
    event.xclient.window = window;
    event.xclient.message_type = XInternAtom(display, "WM_PROTOCOLS", False);
    event.xclient.format = 32;
    event.xclient.data.l[0] = static_cast<long>(XInternAtom(display, "WM_DELETE_WINDOW", False));
    event.xclient.data.l[1] = CurrentTime;
    bool sent = XSendEvent(display, window, False, NoEventMask, &event) != 0;
    XSync(display, False);
    XCloseDisplay(display);
    return sent;
}

} // namespace simdesk::e2e
