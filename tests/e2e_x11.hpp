#pragma once

namespace simdesk::e2e {

/// Sends WM_PROTOCOLS/WM_DELETE_WINDOW to an X window on $DISPLAY, as a window manager's close
/// button would. False if the display cannot be opened or the event cannot be sent.
bool requestWindowClose(unsigned long window);

} // namespace simdesk::e2e
