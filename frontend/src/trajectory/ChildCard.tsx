import { Link } from 'react-router-dom';
import type { Child } from '../api/trajectoryTypes';
import { ChildAvatar } from './ChildAvatar';
import { ageText } from './dates';

export function ChildCard({ child }: { child: Child }) {
  return (
    <li className="child-card">
      <Link to={`/trajectory/children/${child.id}`} className="child-card-link">
        <ChildAvatar child={child} />
        <span>
          <strong className="child-name">{child.name}</strong>
          <span className="muted child-age">{ageText(child.date_of_birth)}</span>
        </span>
      </Link>
    </li>
  );
}

export function ChildCards({ children }: { children: Child[] }) {
  return (
    <ul className="child-cards" aria-label="Children">
      {children.map((child) => (
        <ChildCard key={child.id} child={child} />
      ))}
    </ul>
  );
}
