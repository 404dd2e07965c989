// Replaced by the fake exchange implementation.
namespace cryptoscope::fake {}
