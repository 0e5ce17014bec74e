import { Component, type ReactNode } from 'react';

/** A bug in one view shows a message and a way back, instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="fatal" role="alert" data-testid="crash">
        <p>Something went wrong in this view: {this.state.error.message}</p>
        <button onClick={() => this.setState({ error: undefined })}>Try again</button>
      </div>
    );
  }
}
