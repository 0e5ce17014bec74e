import type { Visual } from '../../preload/contract/project';
import { useConnection } from '../app/studio-context';

const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** A scene's look at a glance: the still or the clip's first frame, or the card's colours. */
export function ClipThumbnail({ visual }: { visual: Visual }) {
  const { mediaUrl } = useConnection();
  switch (visual.type) {
    case 'image':
      return <img className="thumb" src={mediaUrl(visual.path)} alt={fileName(visual.path)} loading="lazy" draggable={false} />;
    case 'video':
      return <video className="thumb" src={`${mediaUrl(visual.path)}#t=0.1`} muted preload="metadata" aria-label={fileName(visual.path)} />;
    case 'color':
      return <div className="thumb" style={{ background: visual.color }} />;
    case 'gradient':
      return <div className="thumb" style={{ background: `linear-gradient(${visual.direction === 'horizontal' ? '90deg' : visual.direction === 'diagonal' ? '135deg' : '180deg'}, ${visual.from}, ${visual.to})` }} />;
    case 'text':
      return (
        <div className="thumb text-card" style={{ background: visual.background ?? '#222', color: visual.color ?? '#fff' }}>
          {visual.text}
        </div>
      );
    case 'designed':
      // what the scene shows, in a word: its figure, emoji or words
      return (
        <div className="thumb text-card designed" data-kind={visual.kind} style={{ background: '#1d1d2b', color: '#fff' }}>
          {visual.kind === 'stat' ? visual.figure?.text : visual.kind === 'illustrated' ? visual.emoji?.char : visual.kind === 'steps' ? `${(visual.steps?.current ?? 0) + 1}. ${visual.text}` : visual.kind === 'quote' ? '“ ”' : visual.text || 'Aa'}
        </div>
      );
    case 'generated':
    case 'avatar':
      // made by a service at render time; once made, its first frame like any clip
      return visual.path ? <video className="thumb" src={`${mediaUrl(visual.path)}#t=0.1`} muted preload="metadata" aria-label={fileName(visual.path)} /> : <div className="thumb text-card">{visual.type === 'generated' ? 'clip from a prompt' : 'avatar'}</div>;
  }
}
