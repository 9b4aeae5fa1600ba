/** While a run streams, a link that stays in view and jumps to the answer being written, wherever it is. */
export function LiveAnswerLink({
  label,
  question,
  onJump,
}: {
  label: string;
  question: string;
  onJump: (e: React.MouseEvent) => void;
}) {
  return (
    <a href="#live-answer" className="live-link" data-testid="live-link" onClick={onJump}>
      <span className="live-dot" aria-hidden="true" /> Live: {label} is answering “{question}” — jump to it
    </a>
  );
}
